"""The values the main screen shares with its panes, and how the visible articles follow from them.

The screen holds the state (corpus, facts, current article, filters, visible articles, highlight
kinds) as reactives; every pane binds what it shows (`data_bind`) and derives its view from it, so no
pane can keep a stale copy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# A query typed one letter at a time: its first letter alone matches only a word of that one letter (words are
# looked up from their start once two letters are typed), so a lone letter that matches nothing filters nothing yet,
# instead of emptying the list and the reader at each new word's first keystroke.
ONE_LETTER = "one letter: type on"
FIELD_BEGUN = "no “{}”: a field ends in a colon"  # a query whose last word finds nothing and begins a field's name:
# the list holds what the words before it find, and the heading says it as it says what a half-typed query lacks
READING = "reading “{}” in the bodies…"  # a phrase whose bodies are being read: its words' articles meanwhile
NOT_READ = "⚠ “{}” not read: its words shown"  # (a reading that failed)


@dataclass(frozen=True)
class EntityFilter:
    """Only the articles that mention one entity."""

    entity_id: int
    name: str
    article_ids: frozenset[int]


def visible(corpus, text: str, entity: EntityFilter | None, index=None, guess: bool = False):
    """(ids of the articles that pass the filters, the search result) — ids None when no filter is on.

    With a search index the text is a query (`corpus.search`; `guess`: one the next letter may make); before the
    analysis has built one, it is looked for in titles, publishers and file names."""
    if corpus is None or (not text and entity is None):
        return None, None
    result = None
    ids: frozenset[int] | None = None
    if text and index is not None:
        result = _answer(index, text, guess)
        if result.error:  # half typed ("샘 올, pub:): the list holds what the finished part finds, and says what is wrong
            from corpus.search import so_far  # (loaded with the index)

            mended = so_far(text)
            if mended is not None:
                result = _finished_part(index, mended, result.error, guess)
        ids = result.ids
        if ids is not None and not ids and not result.error and len(text.strip()) == 1:
            result, ids = replace(result, ids=None, notes=[ONE_LETTER]), None
        elif ids is not None and not ids and not result.error:
            from corpus.search import FIELDS  # (loaded with the index)

            head, _, last = text.strip().rpartition(" ")
            if any(f.startswith(last.lower()) for f in FIELDS):  # pu, on the way to pub: (said, not a blank list)
                result = _finished_part(index, head.strip(), FIELD_BEGUN.format(last), guess)
                ids = result.ids
    elif text:
        needle = text.lower()
        ids = frozenset(r.id for r in corpus.rows if needle in r.search)
    if entity is not None:
        ids = entity.article_ids if ids is None else ids & entity.article_ids
    return ids, result


def _finished_part(index, query: str, error: str, guess: bool):
    """The result of the part of a query that is typed out (none: every article), saying what is wrong with the rest."""
    from corpus.search import Result  # (loaded with the index)

    return replace(_answer(index, query, guess) if query else Result(None), error=error)


def _answer(index, text: str, guess: bool):
    """What a query finds now: a phrase whose bodies would take long to read stands for its words meanwhile, and the
    result says which are being read (the screen reads them in a thread, then asks again)."""
    slow = index.slow_phrases(text)
    if not slow:
        return index.search(text, guess=guess)
    from corpus.search import as_words  # (loaded with the index)

    result = index.search(as_words(text, [phrase for phrase, _ in slow]), guess=guess)
    return replace(result, notes=[READING.format(slow[0][0]), *result.notes], reading=tuple(p for p, _ in slow))
