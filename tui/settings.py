"""User settings: theme, low-bandwidth mode and key remapping, in a TOML file written atomically.

    # ~/.config/gisa/settings.toml
    theme = "gisa"
    low_bandwidth = false
    [keys]            # binding id = keys (comma-separated), see `?` in the app for the ids
    "reader.next_mention" = "right_square_bracket,ctrl+n"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from corpus.atomic import atomic_write


def settings_path() -> Path:
    """The default settings file (XDG_CONFIG_HOME on Linux, via platformdirs)."""
    return Path(user_config_dir("gisa", appauthor=False)) / "settings.toml"


@dataclass
class Settings:
    """What a user can set."""

    theme: str = "gisa"
    low_bandwidth: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problem: str | None = None


def load(path: Path | None = None) -> Settings:
    """Settings from `path` (or the default file); a broken file gives defaults and a problem note."""
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(path=path, problem=f"settings file ignored: {type(exc).__name__}")
    keys = data.get("keys", {})
    return Settings(
        theme=str(data.get("theme", "gisa")),
        low_bandwidth=bool(data.get("low_bandwidth", False)),
        keys={str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {},
        path=path,
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save(settings: Settings) -> None:
    """Write settings atomically (temp file in the same folder, then rename)."""
    path = settings.path or settings_path()
    lines = [f"theme = {_quote(settings.theme)}", f"low_bandwidth = {'true' if settings.low_bandwidth else 'false'}"]
    if settings.keys:
        lines.append("")
        lines.append("[keys]")
        lines.extend(f"{_quote(k)} = {_quote(v)}" for k, v in sorted(settings.keys.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda fh: fh.write(("\n".join(lines) + "\n").encode("utf-8")))
