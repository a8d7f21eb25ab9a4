"""The command palette's Gisa commands (Ctrl+P): each names an action and the pane that carries it out."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Button, Input

from corpus import kinds

from .covering import WholeCharacters
from .screens.dialog import DismissedOnce

# (title, help, where the action runs: "app", "screen" or a pane's name, action)
COMMANDS: list[tuple[str, str, str, str]] = [
    ("Go to articles", "Focus the article list", "screen", "pane('list')"),
    ("Go to reader", "Focus the reading view", "screen", "pane('reader')"),
    ("Go to entities", "Focus the entity sidebar", "screen", "pane('entities')"),
    ("Go to claims", "Focus the metric comparison", "screen", "pane('metrics')"),
    ("Search in article", "Find text in the current article", "reader", "search"),
    ("Search the corpus (concordance)", "Every hit in context, across all articles", "screen", "concordance"),
    ("Show or hide page furniture", "Lines separated from the body", "reader", "toggle_furniture"),
    ("Entities: article or corpus", "Toggle the entity scope", "entities", "toggle_scope"),
    ("Claims: groups or all claims", "Toggle the comparison view", "metrics", "toggle_view"),
    ("Claims: cycle scope", "Article, filtered list, whole corpus", "metrics", "cycle_scope"),
    ("Export what the pane shows", "The list, entities, claims or groups in view, to CSV, JSON or Parquet (e)", "screen", "export"),
    ("Files with problems", "Files that could not be read, and why", "screen", "problems"),
    ("Toggle low-bandwidth mode", "No animation or smooth scrolling (for SSH)", "app", "toggle_low_bandwidth"),
    ("Show keys", "Help generated from the bindings", "app", "help"),
    ("Stop the analysis", "Cancel long work; plain text stays", "screen", "stop_analysis"),
] + [(f"Highlight {k.plural} on/off", f"Toggle {k.plural} in the reader", "screen", f"toggle_kind('{k.code}')") for k in kinds.ALL]


class GisaCommands(Provider):
    """Panes, highlights, views and modes, by name."""

    def _commands(self) -> list[tuple[str, str, object]]:
        from .screens.main import MainScreen

        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if main is None or not main.side_ready:
            return []
        return [(title, help_text, partial(main.run_command, where, action)) for title, help_text, where, action in COMMANDS]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class SafePalette(DismissedOnce, CommandPalette):
    """Textual's command palette, dismissed once (`DismissedOnce`) and running its command once (a second Enter
    before it is gone would run it again: low-bandwidth mode toggled on and off, two dialogs stacked), whose
    PageUp/PageDown wait until its list is laid out.

    Keys that arrive in one burst with Ctrl+P (as over SSH) page the list before it has a size; its
    `OptionList` then looks up lines it never computed and the app dies with `KeyError: 0`
    (Textual 8.2). Paging a list that has no lines yet has nothing to move, so the key is dropped.

    Its updates write whole characters (`tui/covering.py`): the titles it lists are Korean."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = WholeCharacters()

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _select_or_command(self, event: Input.Submitted | Button.Pressed | None = None) -> None:
        if self._dismissed:
            if event is not None:
                event.prevent_default()  # (Textual's own handler of the event, next in line, is skipped)
                event.stop()
            return
        if event is None:
            super()._select_or_command()

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            commands = self.query_one(CommandList)
            if not commands.option_count or not commands.scrollable_content_region:
                return
        super()._action_command_list(action)
