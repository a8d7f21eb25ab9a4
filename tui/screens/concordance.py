"""The concordance: every hit of a search across the corpus, one line each with its context (keyword in context).

The query box takes the same syntax as the list filter. Lines are built in a thread (bodies are read
from the files); `s` sorts them by date or by article; Enter opens the article at the hit.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from corpus.table import cell_width, fit

from ..focusing import focus_now
from ..widgets.key_bar import KeyBar
from ..widgets.line_input import LineInput
from ..widgets.rows import CursorView, cursor_bindings
from .dialog import Dialog

ORDERS = ("date", "article")
CONTEXT = 40
LABEL_WIDTH = 44  # cells for "date · title" at the end of a line


class KwicList(CursorView):
    """Hit lines: left context right-aligned, the hit, right context, then date and title."""

    COMPONENT_CLASSES = {"kwic-list--cursor", "kwic-list--hit"}
    CURSOR = "kwic-list--cursor"
    BINDINGS = cursor_bindings("concordance", "open", "Open at the hit", show_open=True)

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list = []  # corpus.search.Line
        self.labels: dict[int, str] = {}  # article id -> "date · title"

    @property
    def row_count(self) -> int:
        return len(self.lines)

    def render_row(self, index: int, width: int) -> Content:
        """Every line in the same columns: the left context ends, the hit begins, and the date and title begin at
        the same cell on every line, whatever the widths of the hit and of the characters at the cuts."""
        line = self.lines[index]
        label_width = LABEL_WIDTH if width >= 2 * LABEL_WIDTH else max(width // 4, 10)
        side = max((width - label_width - 3) * 2 // 5, 6)  # the left context, a little narrower than the hit and its right
        rest = max(width - side - 1 - 2 - label_width, 6)
        marker = "title · " if line.title else ""  # (a hit in the title: Enter opens the article at its top)
        left, cut = line.left, line.before
        while left and cell_width(marker + ("…" if cut else "") + left) > side:
            left, cut = left[1:], True
        left = marker + ("…" if cut else "") + left.lstrip() if cut else marker + left
        left = " " * (side + 1 - cell_width(left)) + left
        # the hit and its context as written (a space put between them split 알트먼이 into 알트먼 이); the hit stands out
        # by its style, and the text goes on past a cut: said, as a cut is
        body = fit(f"{line.hit}{line.right}{'…' if line.more else ''}", rest)
        text = Content(f"{left}{body}  {fit(self.labels.get(line.article_id, ''), label_width)}")
        hit = min(len(line.hit), len(body.rstrip()))
        return text.stylize(self.get_visual_style("kwic-list--hit"), len(left), len(left) + hit)

    def chosen(self, index: int) -> None:
        self.post_message(self.Chosen(index))


class ConcordanceScreen(Dialog):
    """Search the corpus and read every hit in context; dismisses with (article id, start, end) or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="concordance.close"),
        Binding("s", "sort", "Sort by date/article", id="concordance.sort"),
        Binding("slash", "edit", "Edit the search", id="concordance.edit"),
    ]

    class Built(Message):
        def __init__(self, query: str, lines: list, error: str | None, notes: list[str], hits: int = 0, articles: int = 0) -> None:
            super().__init__()
            self.query = query
            self.lines = lines
            self.error = error
            self.notes = notes
            self.hits, self.articles = hits, articles  # the search's own counts (the lines stop at a limit)

    def __init__(self, index, facts, corpus, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.facts = facts
        self.corpus = corpus
        self.query_text = query
        self.order = "date"
        self._by_article = sorted(corpus.rows, key=lambda r: r.title)
        self._by_date = sorted((r for r in corpus.rows if r.date), key=lambda r: r.date, reverse=True) + [
            r for r in corpus.rows if not r.date
        ]
        self._labels = {  # (two papers' lines of one day were told apart by their titles alone)
            r.id: " · ".join(p for p in (r.date.isoformat() if r.date else "—", r.publisher, r.title) if p) for r in corpus.rows
        }

    def compose(self) -> ComposeResult:
        with Vertical(id="concordance-box"):
            yield Static(
                Content("Concordance · type a search, Enter runs it · / edits it · s sorts · Esc closes"),
                id="concordance-heading",
                classes="pane-heading",
            )
            yield LineInput(
                value=self.query_text,
                placeholder='search the corpus: words, ㅊㅅ, "phrase", -not, pub: date: kind:',
                id="concordance-query",
            )
            yield KwicList(id="concordance-lines")
        yield KeyBar()  # (its own keys: the main screen's bar showed beneath it, offering keys that typed into the query)

    def on_mount(self) -> None:
        self.query_one(KwicList).labels = self._labels
        if self.query_text:  # opened on the list's search: its hits first (/ edits the query)
            self.build(self.query_text)
            focus_now(self.query_one(KwicList))
        else:
            focus_now(self.query_one("#concordance-query", Input))

    def action_edit(self) -> None:
        focus_now(self.query_one("#concordance-query", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_text = event.value.strip()
        self.build(self.query_text)
        focus_now(self.query_one(KwicList))

    def _heading(self, text: str) -> None:
        self.query_one("#concordance-heading", Static).update(Content(text), layout=False)

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def build(self, query: str) -> None:
        from corpus.search import concordance

        worker = get_current_worker()
        self.app.call_from_thread(self._heading, f"Concordance · searching “{query}”…")
        found = self.index.search(query)
        if found.error:
            self.post_message(self.Built(query, [], found.error, []))
            return
        rows = self._by_date if self.order == "date" else self._by_article
        order = [r.id for r in rows]

        def text_of(article_id: int) -> str:
            article = self.corpus.article(article_id)
            return article["body"] if article and not article.get("stale") else ""

        lines = concordance(self.index, found, text_of, self.facts, order, CONTEXT, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            hits = sum(found.hits.values()) if found.hits else 0
            self.post_message(self.Built(query, lines, None, found.notes, hits, len(found.ids or ())))

    def on_concordance_screen_built(self, message: Built) -> None:
        table = self.query_one(KwicList)
        table.lines = message.lines
        table.rows_changed(0)
        if message.error:
            self._heading(f"Concordance · ⚠ {message.error}")
        elif not message.lines:
            self._heading(f"Concordance · no hit for “{message.query}” · fewer words, no quotes or no fields widen it")
        else:
            articles = len({line.article_id for line in message.lines})
            notes = f" · {message.notes[0]}" if message.notes else ""
            from corpus.search import CONCORDANCE_LIMIT  # (imported when used: the search module brings Polars)

            if len(message.lines) >= CONCORDANCE_LIMIT:
                shown, hits, articles = f"{len(message.lines):,}", f"{message.hits:,}", f"{message.articles:,}"
                count = f"the first {shown} hits (of about {hits} in {articles} articles; more words narrow it)"
            else:
                lines = len(message.lines)
                count = f"{lines} {'hit' if lines == 1 else 'hits'} in {articles} {'article' if articles == 1 else 'articles'}"
            self._heading(f"Concordance · “{message.query}” · {count} · by {self.order} · Enter opens{notes}")

    def on_kwic_list_chosen(self, message: KwicList.Chosen) -> None:
        line = self.query_one(KwicList).lines[message.index]
        if line.title:
            self.dismiss((self.query_text, line.article_id, None, None))
        else:
            self.dismiss((self.query_text, line.article_id, line.start, line.end))

    def action_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        if self.query_text:
            self.build(self.query_text)
