"""The command palette's Gisa commands (Ctrl+P)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class GisaCommands(Provider):
    """Panes, highlights, views and modes, by name."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        screen = app.screen
        from .screens.main import MainScreen

        main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            return []
        if not main.query("#metric-pane"):
            return []
        reader = main.query_one("#reader")
        entities = main.query_one("#entity-pane")
        metrics = main.query_one("#metric-pane")
        cmds: list[tuple[str, str, object]] = [
            ("Go to articles", "Focus the article list", partial(main.action_pane, "list")),
            ("Go to reader", "Focus the reading view", partial(main.action_pane, "reader")),
            ("Go to entities", "Focus the entity sidebar", partial(main.action_pane, "entities")),
            ("Go to claims", "Focus the metric comparison", partial(main.action_pane, "metrics")),
            ("Search in article", "Find text in the current article", reader.action_search),
            ("Show or hide page furniture", "Lines separated from the body", reader.action_toggle_furniture),
            ("Entities: article or corpus", "Toggle the entity scope", entities.action_toggle_scope),
            ("Claims: groups or all claims", "Toggle the comparison view", metrics.action_toggle_view),
            ("Claims: cycle scope", "Article, filtered list, whole corpus", metrics.action_cycle_scope),
            ("Files with problems", "Files that could not be read, and why", main.action_problems),
            ("Toggle low-bandwidth mode", "No animation or smooth scrolling (for SSH)", app.action_toggle_low_bandwidth),
            ("Show keys", "Help generated from the bindings", app.action_help),
            ("Stop the analysis", "Cancel long work; plain text stays", main.action_escape),
        ]
        for kind, name in (("PS", "people"), ("OG", "organisations"), ("LC", "places"), ("PD", "products"),
                           ("DT", "dates"), ("TI", "times"), ("QT", "quantities")):
            cmds.append((f"Highlight {name} on/off", f"Toggle {name} in the reader", partial(reader.action_toggle_kind, kind)))
        del screen
        return cmds

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
