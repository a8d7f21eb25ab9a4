"""Key names as a person reads them, for the help screen and the key bar alike."""

from __future__ import annotations

KEY_NAMES = {
    "slash": "/",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "question_mark": "?",
    "escape": "Esc",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "space": "Space",
    "shift+tab": "Shift+Tab",
    "tab": "Tab",
    "exclamation_mark": "!",
    "enter": "Enter",
    "home": "Home",
    "end": "End",
    "down": "↓",
    "up": "↑",
    "ctrl+p": "^p",
    "f1": "F1",
}


def key_label(keys: str, first_only: bool = False) -> str:
    """Binding keys ("slash,ctrl+f") as a person reads them ("/, ctrl+f")."""
    names = [KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(",") if k.strip()]
    return names[0] if first_only and names else ", ".join(names)


def keymap_problems(sections, keymap: dict[str, str], known_ids: set[str]) -> list[str]:
    """What is wrong with a user's key remapping (`keymap`: binding id -> keys, already normalised):
    ids no binding has, and keys that two bindings of one section (as help lists them) would share
    because of the remapping. Defaults that share a key on purpose are not reported."""
    problems = [f"unknown binding id '{bid}' in [keys] (? lists the ids)" for bid in keymap if bid not in known_ids]
    for section, bindings in sections:
        owners: dict[str, list[str]] = {}
        remapped: set[str] = set()
        for b in bindings:
            if not hasattr(b, "key"):
                continue
            name = b.id or b.action
            keys = keymap.get(b.id, b.key) if b.id else b.key
            for key in (k.strip() for k in keys.split(",")):
                if key and name not in owners.setdefault(key, []):
                    owners[key].append(name)
                if b.id in keymap:
                    remapped.add(key)
        for key in sorted(remapped):
            if len(owners.get(key, [])) > 1:
                problems.append(f"key {key_label(key)} does two things in {section}: {' and '.join(sorted(owners[key]))}")
    return problems
