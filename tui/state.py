"""The values the main screen shares with its panes, and how the visible articles follow from them.

The screen holds the state (corpus, facts, current article, filters, visible articles, highlight
kinds) as reactives; every pane binds what it shows (`data_bind`) and derives its view from it, so no
pane can keep a stale copy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityFilter:
    """Only the articles that mention one entity."""

    entity_id: int
    name: str
    article_ids: frozenset[int]


def visible_ids(corpus, text: str, entity: EntityFilter | None) -> frozenset[int] | None:
    """The ids of the articles that pass the filters; None when no filter is on (every article)."""
    if corpus is None or (not text and entity is None):
        return None
    needle = text.lower()
    ids = frozenset(r.id for r in corpus.rows if needle in r.search) if text else None
    if entity is not None:
        ids = entity.article_ids if ids is None else ids & entity.article_ids
    return ids
