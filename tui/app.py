"""The Gisa app: theme, settings, keys, help and the main screen. `make_app` builds it for every caller."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import var

from corpus.cleaning import safe_label
from corpus.sources import DEFAULT_MAX_BYTES

from . import memory
from . import settings as settings_mod
from .commands import GisaCommands, SafePalette
from .keys import keymap_problems
from .resources import stylesheet
from .screens.help import HelpScreen, binding_rows
from .screens.main import MainScreen
from .text import toast
from .theme import GISA_THEME, highlight_variables


class GisaApp(App):
    """A keyboard-driven reader for Korean news."""

    CSS_PATH = str(stylesheet())
    TITLE = "Gisa"
    COMMANDS = App.COMMANDS | {GisaCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]

    low_bandwidth = var(False, init=False)  # no animation or smooth scrolling (for SSH)

    def __init__(
        self,
        paths: list[str] | None = None,
        settings: settings_mod.Settings | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        use_cache: bool = True,
        low_bandwidth: bool | None = None,
        jobs: int | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings or settings_mod.Settings()
        self.max_bytes = max_bytes
        self.use_cache = use_cache
        self.jobs = jobs  # analysis processes; None: one per core
        # a flag on the command line is for this run only; the palette's toggle is saved
        self.set_reactive(GisaApp.low_bandwidth, self.settings.low_bandwidth if low_bandwidth is None else low_bandwidth)
        self.register_theme(GISA_THEME)
        self._start_in_theme(self.settings.theme if self.settings.theme in self.available_themes else "gisa")
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        self._apply_bandwidth()

    def _start_in_theme(self, name: str) -> None:
        """Start in theme `name`. Assigned, a theme makes Textual parse every stylesheet a second time
        at start-up (10 ms before the first frame); set before the first parse, its colours are used
        from the start. This does what Textual's theme watcher does apart from that re-parse."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the highlight colours derived from them (legible in every theme)."""
        variables = super().get_css_variables()
        variables.update(highlight_variables(variables, self.current_theme.ansi))
        return variables

    def on_load(self) -> None:
        memory.hold()  # until the first frame is out (the main screen starts collection again)

    def on_unmount(self) -> None:
        memory.release()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            memory.touched()
        await super().on_event(event)

    def get_default_screen(self) -> MainScreen:
        from corpus.workers import default_jobs

        jobs = default_jobs() if self.jobs is None else self.jobs
        return MainScreen(self.paths, self.max_bytes, self.use_cache, jobs)

    def on_mount(self) -> None:
        self.set_interval(0.25, memory.idle, name="collect while idle")
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self.set_interval(1.0, self._check_terminal, name="terminal gone")
        problems = self.settings_problems()
        if problems:
            toast(self, "Settings: " + "\n".join(problems), severity="warning", timeout=10)

    def _check_terminal(self) -> None:
        """The terminal is gone (an SSH connection dropped, or a `make run` whose tmux pane closed, with no hangup
        signal reaching this process): quit as q does. Textual's input thread would read the end of input forever,
        a core at 100%, for as long as nobody kills the process."""
        try:
            alive = os.isatty(sys.__stdin__.fileno())
        except (OSError, ValueError):
            alive = False
        if not alive:
            self.exit()

    def settings_problems(self) -> list[str]:
        """What is wrong with the settings file, each named: parse errors, wrong types, an unknown theme,
        unknown binding ids, keys that the remapping gives to two bindings at once."""
        problems = list(self.settings.problems)
        if self.settings.theme not in self.available_themes:
            problems.append(f"unknown theme '{safe_label(self.settings.theme, 40)}'; using gisa (Ctrl+P, Theme lists them)")
        if self.settings.keys:
            from .screens.problems import ProblemsScreen

            sections = self.binding_sections()
            known = {b.id for _, bindings in sections for b in bindings if getattr(b, "id", None)}
            known |= {b.id for b in HelpScreen.BINDINGS + ProblemsScreen.BINDINGS if b.id}
            problems += keymap_problems(sections, self._normalize_keymap(self.settings.keys), known)
        return [safe_label(p, 300) for p in problems]

    def _apply_bandwidth(self) -> None:
        self.animation_level = "none" if self.low_bandwidth else "basic"

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme and self.settings.path is not None:
            self.settings.theme = theme
            self._save_settings()

    def _save_settings(self) -> None:
        try:
            saved = settings_mod.save(self.settings)
        except OSError as exc:
            toast(self, f"Settings not saved: {exc.strerror or exc}", severity="warning")
            return
        if not saved:
            name = safe_label((self.settings.path or settings_mod.settings_path()).name, 60)
            toast(
                self,
                f"Settings not saved: {name} has errors, and is left as it is; the change lasts for this session",
                severity="warning",
                timeout=6,
            )

    def watch_low_bandwidth(self) -> None:
        self._apply_bandwidth()

    def action_toggle_low_bandwidth(self) -> None:
        self.low_bandwidth = not self.low_bandwidth
        self.settings.low_bandwidth = self.low_bandwidth
        self._save_settings()
        toast(self, f"Low-bandwidth mode {'on' if self.low_bandwidth else 'off'}", timeout=2)

    # Every palette is a SafePalette (Textual's pages its list before the list has a size: KeyError: 0).
    def action_command_palette(self) -> None:
        if self.use_command_palette and not SafePalette.is_open(self):
            self.push_screen(SafePalette(id="--command-palette"))

    def search_commands(self, commands, placeholder: str = "Search for commands…"):
        from textual.command import SimpleProvider

        return self.push_screen(SafePalette(providers=[SimpleProvider(self.screen, commands)], placeholder=placeholder))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(SafePalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def help_rows(self) -> list[tuple[str, str, str, str]]:
        """Every binding by pane, as shown in help."""
        return binding_rows(self.binding_sections(), dict(self.settings.keys))

    def binding_sections(self) -> list[tuple[str, list]]:
        """(pane, bindings) for every pane, in the order help lists them."""
        from .screens.concordance import ConcordanceScreen, KwicList
        from .widgets.article_list import ArticleList, ArticleTable
        from .widgets.claim_table import MetricTable
        from .widgets.entity_panel import EntityList, EntityPanel
        from .widgets.metric_panel import MetricPanel
        from .widgets.reader import Reader
        from .widgets.reader_pane import ReaderPane

        sections = [
            ("Everywhere", list(self.BINDINGS) + list(MainScreen.BINDINGS)),
            ("Article list", list(ArticleList.BINDINGS) + list(ArticleTable.BINDINGS)),
            ("Reader", list(Reader.BINDINGS) + list(ReaderPane.BINDINGS)),
            ("Entities", list(EntityPanel.BINDINGS) + list(EntityList.BINDINGS)),
            ("Claims", list(MetricPanel.BINDINGS) + list(MetricTable.BINDINGS)),
            ("Concordance (Ctrl+F)", list(ConcordanceScreen.BINDINGS) + list(KwicList.BINDINGS)),
        ]
        return sections

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_rows(), str(self.settings.path or settings_mod.settings_path())))

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.cancel_work()
        self.exit()

    async def action_help_quit(self) -> None:
        """Ctrl+C quits, as a terminal user expects (a text field's selection is copied first, by the field)."""
        await self.action_quit()


def make_app(
    paths: list[str] | None = None,
    settings: settings_mod.Settings | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_cache: bool = True,
    low_bandwidth: bool | None = None,
    jobs: int | None = None,
) -> GisaApp:
    """The one way to build the app: used by the CLI, the tests and the benchmarks."""
    return GisaApp(paths, settings, max_bytes, use_cache, low_bandwidth, jobs)


def run_app(args: argparse.Namespace) -> int:
    """Run the app from parsed command-line arguments."""
    from pathlib import Path

    settings = settings_mod.load(Path(args.settings) if args.settings else None)
    app = make_app(
        args.paths or None,
        settings,
        args.max_size,
        use_cache=not args.no_cache,
        low_bandwidth=True if args.low_bandwidth else None,
        jobs=args.jobs,
    )
    # Our own loop: asyncio.run() would wait, after the app has restored the terminal, for every thread of its
    # executor, and a thread worker cannot be interrupted inside Kiwi or a long scan.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        app.run(loop=loop)
    except BaseException as exc:  # SIGINT, or an error: a busy thread must not keep the process alive either
        if _busy_threads():
            if not isinstance(exc, KeyboardInterrupt):
                print(f"gisa: {type(exc).__name__}: {safe_label(str(exc), 300)}", file=sys.stderr)
            _exit_now(130 if isinstance(exc, KeyboardInterrupt) else 1)
        asyncio.set_event_loop(None)
        loop.close()
        raise
    code = app.return_code or 0
    if _busy_threads():
        _exit_now(code)
    asyncio.set_event_loop(None)
    loop.close()
    return code


def _busy_threads() -> bool:
    """A thread still running (an analysis inside Kiwi, or the executor's idle threads) would keep the process
    alive after the app has ended."""
    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread())


def _exit_now(code: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
