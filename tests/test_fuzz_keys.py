"""Random key bursts on the bundled and on a hostile corpus end with no exception (a small fixed-seed
budget here; `bench/fuzz_keys.py` runs 10,000 keys and more)."""

from __future__ import annotations

import pytest

from bench.fuzz_keys import fuzz, hostile_corpus

BUDGET = 800  # keys per corpus: about 10 s each on the 2-core machine
SEED = 20261124


@pytest.mark.parametrize("corpus", ["bundled", "hostile"])
async def test_random_key_bursts_end_with_no_exception(tmp_path, corpus):
    paths = None if corpus == "bundled" else [str(hostile_corpus(tmp_path / "hostile"))]
    stats = await fuzz(paths, BUDGET, SEED, tmp_path / "settings.toml")
    assert stats.keys >= BUDGET and stats.bursts >= BUDGET // 8
