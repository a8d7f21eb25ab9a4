"""Where the app's packaged files live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The folder of `.tcss` stylesheets: `tui/styles` in a wheel, `styles/` in a checkout."""
    for candidate in (_HERE / "styles", _HERE.parent / "styles"):
        if (candidate / "gisa.tcss").is_file():
            return candidate
    raise FileNotFoundError("Gisa's stylesheets are missing from this installation")


def stylesheet(name: str = "gisa.tcss") -> Path:
    """The path of one stylesheet."""
    return styles_dir() / name
