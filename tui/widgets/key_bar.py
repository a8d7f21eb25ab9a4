"""The key bar: the keys that work where the focus is, drawn as one line of text.

Textual's Footer mounts a widget per key and recomposes whenever the focus moves, which costs a
layout and a restyle of the whole screen on every Tab (about 50 ms at 200x50). This bar draws the
same bindings (those with `show=True`, one per action, the palette key last) as a single line and
only repaints. A click on a key presses it.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

from ..keys import key_label


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
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # start, end, key to press
        self._content: Content | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.update_keys()

    def update_keys(self) -> None:
        """Draw the keys again if they changed (the screen calls this as soon as the focus moves, so the
        bar changes in the same frame as the panes rather than one frame later)."""
        content = self._keys()
        if content != self._content:
            self._content = content
            self.refresh()

    def render(self) -> Content:
        if self._content is None:
            self._content = self._keys()
        return self._content

    def _keys(self) -> Content:
        app = self.app
        active = self.screen.active_bindings
        shown, seen = [], set()
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled))
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is not None and palette[1].action not in seen:
            shown.append((palette[1], palette[2]))
        key_style = self.get_visual_style("key-bar--key")
        off_style = self.get_visual_style("key-bar--disabled")
        parts: list[Content] = []
        self._spans = []
        position = 0
        for binding, enabled in shown:
            key = Content(f" {key_label(binding.key, first_only=True)} ").stylize(key_style if enabled else off_style)
            label = Content(f"{binding.description} ")
            if not enabled:
                label = label.stylize(off_style)
            part = key + label
            self._spans.append((position, position + part.cell_length, binding.key.split(",")[0].strip()))
            position += part.cell_length
            parts.append(part)
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
