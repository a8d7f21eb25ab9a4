"""Polars, imported on first use: the first frame must not wait for it (it costs ~0.2 s to import)."""

from __future__ import annotations

import importlib
from types import ModuleType


class _Lazy:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        module: ModuleType = importlib.import_module(self._name)
        return getattr(module, attr)


pl = _Lazy("polars")
