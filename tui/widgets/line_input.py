"""A one-line input that does not lay out the screen on every keystroke, nor take focus while hidden,
and that edits in the order the keys came.

Textual's Input sets its scrollable width as the text grows, and that size is a layout reactive: each
typed character lays out and repaints the whole screen (about 17 ms at 200x50). A one-line input has
no scrollbars, so nothing outside it depends on that size; here it only repaints the input.

Textual runs an input's editing keys (Backspace, Delete, arrows, Ctrl+W …) as bindings, once the key
has bubbled up to the app, after the keys that came with it in one burst were typed: over SSH,
`x Backspace y` arrived as "y" deleted, and a burst of corrections lost characters. Here those keys
act as they arrive, in order, like typed characters.

Textual's Input repaints itself whole (its border too: three lines for one) whenever its text, cursor,
selection, blink or suggestion changes; here those repaint the text's line only, and what changes the
border (a focus, a class, a theme) still repaints the whole box as Textual does. The line itself is cut
into styled runs directly, as Textual's Input draws it through a Rich console (a third of a millisecond
a keystroke).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.reactive import Reactive, reactive
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets._input import Selection

# Input's own editing keys; not Enter (the boxes listen for the submit binding) nor the clipboard's keys (Ctrl+C copies
# a selection and otherwise quits, which the app's binding decides)
_EDITING = {
    key: binding.action
    for binding in Input.BINDINGS
    for key in binding.key.split(",")
    if binding.action not in ("submit", "copy", "cut", "paste")
}


class LineInput(Input):
    """Input whose growing text repaints only itself and whose editing keys act in the order they came."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)  # (set as the text changes)
    # (as Input declares them, but repainting the text's line only: `_repaint_text`)
    value: Reactive[str] = reactive("", init=False, repaint=False)
    selection: Reactive[Selection] = reactive(Selection.cursor(0), repaint=False)
    _cursor_visible: Reactive[bool] = reactive(True, repaint=False)
    _suggestion: Reactive[str] = reactive("", repaint=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._placeholder_lines: dict[tuple, Strip] = {}  # the empty box's line per look (`_placeholder_line`)

    def on_mount(self) -> None:
        for name in ("value", "selection", "_cursor_visible", "_suggestion"):
            self.watch(self, name, self._repaint_text, init=False)

    def _repaint_text(self) -> None:
        self.refresh(Region(0, 0, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        value = self.value
        if y == 0 and not value:
            return self._placeholder_line()
        if y != 0 or self.password or self.highlighter is not None:
            return super().render_line(y)
        if not value.isprintable() or not self._suggestion.isprintable():
            return super().render_line(y)  # (a pasted tab or bell: Rich's Text expands or drops them)
        # Input's line: the value, the rest of a suggestion faded, the selection under the cursor's style, a space
        # for the cursor at the end; scrolled, cut to the box and styled with the widget's own style beneath.
        focused = self.has_focus
        suggestion = self._suggestion
        suggested = focused and len(suggestion) > len(value)
        text = value + suggestion[len(value) :] if suggested else value
        styles: list[Style | None] = [None] * len(text)
        if suggested:
            faded = self.get_component_rich_style("input--suggestion")
            styles[len(value) :] = [faded] * (len(text) - len(value))
        if focused:
            if not self.selection.is_empty:
                start, end = sorted(self.selection)
                chosen = self.get_component_rich_style("input--selection")
                for i in range(max(start, 0), min(end, len(text))):
                    styles[i] = chosen if styles[i] is None else chosen + styles[i]
            if self._cursor_visible:
                cursor = self.cursor_position
                if not suggested and self.cursor_at_end:
                    text += " "
                    styles.append(None)
                if 0 <= cursor < len(text):
                    style = self.get_component_rich_style("input--cursor")
                    styles[cursor] = style if styles[cursor] is None else styles[cursor] + style
        segments: list[Segment] = []
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or styles[i] != styles[start]:
                segments.append(Segment(text[start:i], styles[start]))
                start = i
        width = self.scrollable_content_region.width + 1
        scroll_x = self.scroll_offset.x
        strip = Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)
        return strip.apply_style(self.rich_style)

    def _placeholder_line(self) -> Strip:
        """Textual's line for an empty box (its placeholder, and the cursor while focused), drawn by Rich's console (half
        a millisecond of the frame that empties the box), kept per look: the cursor's blink alternates two."""
        width = self.scrollable_content_region.width
        key = (self.placeholder, self.has_focus, self._cursor_visible, width, self.rich_style, self.app.theme)
        line = self._placeholder_lines.get(key)
        if line is None:
            if len(self._placeholder_lines) >= 4:
                self._placeholder_lines.clear()
            line = self._placeholder_lines[key] = super().render_line(0)
        return line

    async def _on_key(self, event: events.Key) -> None:
        action = _EDITING.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await super()._on_key(event)  # (the cursor shows and its blink restarts, as for any key; nothing is typed)
        await self.run_action(action)

    def allow_focus(self) -> bool:
        # Hidden boxes stay out of reach: Textual's auto-focus would otherwise pick the first of them
        # when a dialog closes, and the next key ("q") would be typed into it.
        return self.display and super().allow_focus()
