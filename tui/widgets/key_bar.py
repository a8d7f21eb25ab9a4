"""The key bar: the keys that work where the focus is, drawn as one line of text.

Textual's Footer mounts a widget per key and recomposes whenever the focus moves, which costs a
layout and a restyle of the whole screen on every Tab (about 50 ms at 200x50). This bar draws the
same bindings (those with `show=True`, one per action, the palette key last) as a single line and
only repaints. A click on a key presses it. When the line is too narrow, whole keys are left out, the
least needed first (the focused pane's own keys and help stay longest); none is ever cut mid-word.

The bar's right end says, for a moment, where a key that steps through an article went (`say`: "match 3 of
18", "Person: 올트먼"): one line repainted in the key's own frame, where a toast was mounted, laid out and
drawn two frames later (40 ms) and covered three lines of the reader. Keys make room for the note.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

from corpus.table import cell_width, cut_at_word

from ..keys import key_label
from ..later import Later

NOTE_SECONDS = 2.0  # how long a note stays on the bar


def _rank(node, binding, app, screen) -> int:
    """How much a key is needed on the bar (lower: kept longer): the focused pane's own keys, then help and
    the palette, then quit, then the screen's (Tab, which the pane bar names too)."""
    if node is not app and node is not screen:
        return 0
    if binding.action in ("help", "app.help"):
        return 1
    if binding.action in ("quit", "app.quit"):
        return 3
    return 4 if node is screen else 3


class KeyBar(Widget):
    """One line of key hints for the focused widget and its ancestors."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .key-bar--disabled { color: $text-disabled; }
    KeyBar > .key-bar--note { background: $primary 40%; color: $text; text-style: bold; }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled", "key-bar--note"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # start, end, key to press
        self._content: Content | None = None
        self.note = ""  # what the bar says at its right end, for a moment (`say`)
        self._note_call = Later(self)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self._note_call.stop()
        self.screen.bindings_updated_signal.unsubscribe(self)

    def say(self, text: str, seconds: float | None = None) -> None:
        """Say `text` (plain text, never markup) at the bar's right end for `seconds` (NOTE_SECONDS), in place of the
        note before."""
        self.note = text
        self._note_call.call(NOTE_SECONDS if seconds is None else seconds, self._unsay)
        self.update_keys()

    def _unsay(self) -> None:
        self.note = ""
        self.update_keys()

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.update_keys()

    def update_keys(self) -> None:
        """Draw the keys again if they changed (the screen calls this as soon as the focus moves, so the
        bar changes in the same frame as the panes rather than one frame later)."""
        content = self._keys()
        if content != self._content or content.spans != self._content.spans:
            self._content = content
            self.refresh()

    def render(self) -> Content:
        if self._content is None:
            self._content = self._keys()
        return self._content

    def on_resize(self) -> None:
        self.update_keys()

    def _keys(self) -> Content:
        app = self.app
        active = self.screen.active_bindings
        shown, seen = [], set()
        for node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled, _rank(node, binding, app, self.screen)))
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None and palette[1].action not in seen:
            shown.append((palette[1], palette[2], 2))
        key_style = self.get_visual_style("key-bar--key")
        off_style = self.get_visual_style("key-bar--disabled")
        parts: list[tuple[Content, str, int]] = []
        for binding, enabled, rank in shown:
            key = Content(f" {key_label(binding.key, first_only=True)} ").stylize(key_style if enabled else off_style)
            label = Content(f"{binding.description} ")
            if not enabled:
                label = label.stylize(off_style)
            parts.append((key + label, binding.key.split(",")[0].strip(), rank))
        width = self.size.width or 10_000
        note = self._note_part(width)
        room = max(width - note.cell_length - 1, 0) if note else width  # (a space at least between the keys and the note)
        while len(parts) > (0 if note else 1) and sum(p.cell_length for p, _, _ in parts) > room:
            parts.pop(max(range(len(parts)), key=lambda i: (parts[i][2], i)))  # the least needed, the last of them
        self._spans = []
        position = 0
        for part, key, _ in parts:
            self._spans.append((position, position + part.cell_length, key))
            position += part.cell_length
        keys = Content("").join(part for part, _, _ in parts)
        if not note:
            return keys
        gap = max(self.size.width - keys.cell_length - note.cell_length, 1 if parts else 0)  # (the note at the right end)
        return keys + Content(" " * gap) + note

    def _note_part(self, width: int) -> Content:
        """The note as drawn: cut after a word where it would take more than the bar's width less a key or so."""
        if not self.note:
            return Content("")
        fits = width - 14 if width >= 24 else max(width - 2, 1)  # (keys keep a little room; a tiny bar gives all)
        text = self.note if cell_width(self.note) <= fits else cut_at_word(self.note, fits)
        return Content(f" {text} ").stylize(self.get_visual_style("key-bar--note"))

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
