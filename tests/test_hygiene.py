"""Layering and packaging: corpus never loads the view layer; an installed wheel finds its files."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv

import pytest

from tests.conftest import ROOT


def test_import_corpus_loads_neither_textual_nor_rich():
    code = (
        "import sys, corpus, corpus.loader, corpus.frames, corpus.cleaning, corpus.structure\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.iter_modules(corpus.__path__): importlib.import_module('corpus.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_headless_commands_do_not_load_textual():
    code = "import sys, tui.cli, corpus.reports, corpus.export\nprint(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.slow
def test_installed_wheel_finds_styles_default_articles_and_the_tagger(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    target = tmp_path / "env"
    venv.create(target, with_pip=True)  # its own pip: installing with ours would replace our editable install
    wheel = next(wheels.glob("gisa-*.whl"))
    subprocess.run(
        [str(target / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    site = next(target.glob("lib/python*/site-packages"))
    deps = sysconfig.get_paths()["purelib"]
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{deps}")
    code = (
        "import corpus, tui, tui.resources as r, corpus.loader as l\n"
        "print(corpus.__file__); print(r.stylesheet().exists()); print(l.load_corpus().articles.height)\n"
        "from corpus import ner; from corpus.ner import tagger; "
        "print(ner.available() and str(tagger.MODEL).startswith(corpus.__path__[0]))\n"
        "from corpus.kiwi import tokenize; from corpus.mentions import find_mentions\n"
        "t = '오픈AI 샘 올트먼 CEO가 말했다.'; print([m.text for m in find_mentions(t, tokenize(t)) if m.kind == 'PS'] == ['샘 올트먼'])\n"
    )
    out = subprocess.run([str(target / "bin" / "python"), "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert str(site) in lines[0]
    assert lines[1:] == ["True", "5", "True", "True"]  # the tagger's model ships in the wheel and tags offline
    script = (target / "bin" / "gisa").read_text()
    assert "tui.cli" in script
