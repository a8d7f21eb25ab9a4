"""Key names as a person reads them, for the help screen and the key bar alike."""

from __future__ import annotations

KEY_NAMES = {
    "slash": "/", "right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?", "escape": "Esc",
    "pagedown": "PgDn", "pageup": "PgUp", "space": "Space", "shift+tab": "Shift+Tab", "tab": "Tab",
    "exclamation_mark": "!", "enter": "Enter", "home": "Home", "end": "End", "down": "↓", "up": "↑",
    "ctrl+p": "^p", "f1": "F1",
}


def key_label(keys: str, first_only: bool = False) -> str:
    """Binding keys ("slash,ctrl+f") as a person reads them ("/, ctrl+f")."""
    names = [KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(",") if k.strip()]
    return names[0] if first_only and names else ", ".join(names)
