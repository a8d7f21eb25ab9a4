"""User settings: theme, low-bandwidth mode and key remapping, in a TOML file the user may edit by hand.

    # ~/.config/gisa/settings.toml
    theme = "gisa"
    low_bandwidth = false
    [keys]            # binding id = keys (comma-separated), see `?` in the app for the ids
    "reader.next_mention" = "right_square_bracket,ctrl+n"

Reading uses `tomllib` (fast, before the first frame); a parse error is reported with its line and
column, and such a file is never written over: changes then last for the session only. Saving edits
the file in place with `tomlkit`, so comments, layout and keys this version does not know survive;
only values that changed since the file was read are touched. The file is replaced atomically.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from corpus.atomic import atomic_write
from corpus.cleaning import safe_label

DEFAULTS = {"theme": "gisa", "low_bandwidth": False}
_WHERE = re.compile(r"^(?P<what>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$", re.S)


def settings_path() -> Path:
    """The default settings file (XDG_CONFIG_HOME on Linux, via platformdirs)."""
    return Path(user_config_dir("gisa", appauthor=False)) / "settings.toml"


@dataclass
class Settings:
    """What a user can set, where it came from, and what was wrong with it."""

    theme: str = "gisa"
    low_bandwidth: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    writable: bool = True  # False when the file could not be read or parsed: it is then never overwritten
    saved: dict = field(default_factory=dict, repr=False)  # the values as the file has them (to write only changes)

    @property
    def problem(self) -> str | None:
        """The first problem, if any."""
        return self.problems[0] if self.problems else None


def _parse_error(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    found = _WHERE.match(str(exc))
    where = f"line {found['line']}, column {found['col']}: {found['what']}" if found else str(exc)
    return f"{safe_label(path.name, 80)} {where}; the file is ignored and left as it is (changes last for this session)"


def load(path: Path | None = None) -> Settings:
    """Settings from `path` (or the default file); what is wrong is in `problems`, and defaults stand in."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return Settings(
            path=path, writable=False, problems=[f"{safe_label(path.name, 80)} not read ({reason}); changes last for this session"]
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(path=path, writable=False, problems=[_parse_error(path, exc)])
    settings = Settings(path=path)
    theme = data.get("theme", DEFAULTS["theme"])
    if isinstance(theme, str):
        settings.theme = theme
    else:
        settings.problems.append(f"theme must be a theme name in quotes, not {safe_label(str(theme), 40)}; using gisa")
    low = data.get("low_bandwidth", DEFAULTS["low_bandwidth"])
    if isinstance(low, bool):
        settings.low_bandwidth = low
    else:
        settings.problems.append(f"low_bandwidth must be true or false, not {safe_label(str(low), 40)}")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        settings.problems.append('keys must be a table: [keys] then "binding.id" = "key,key" lines')
        keys = {}
    for binding_id, value in keys.items():
        if isinstance(value, str):
            settings.keys[binding_id] = value
        else:
            settings.problems.append(f"[keys] {safe_label(binding_id, 60)} must be keys in quotes; ignored")
    settings.saved = {"theme": settings.theme, "low_bandwidth": settings.low_bandwidth, "keys": dict(settings.keys)}
    return settings


def save(settings: Settings) -> bool:
    """Write what changed into the settings file, keeping everything else in it; False (and nothing
    written) when the file could not be read or parsed (at start-up or now)."""
    if not settings.writable:
        return False
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = settings.path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError):
        settings.writable = False
        return False
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError:  # broken since start-up: still not ours to overwrite
        settings.writable = False
        return False
    for name in ("theme", "low_bandwidth"):
        value = getattr(settings, name)
        if value != settings.saved.get(name, DEFAULTS[name]):
            doc[name] = value
    if settings.keys != settings.saved.get("keys", {}):
        table = doc.get("keys")
        if not isinstance(table, dict):
            table = doc["keys"] = tomlkit.table()
        for binding_id in [k for k in settings.saved.get("keys", {}) if k not in settings.keys]:
            table.pop(binding_id, None)
        for binding_id, keys in settings.keys.items():
            if table.get(binding_id) != keys:
                table[binding_id] = keys
    new = tomlkit.dumps(doc)
    if new != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda fh: fh.write(new.encode("utf-8")), follow_links=True)
    settings.saved = {"theme": settings.theme, "low_bandwidth": settings.low_bandwidth, "keys": dict(settings.keys)}
    return True
