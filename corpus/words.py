"""The words a search finds: content morphemes of a text, their offsets, in one normal form.

From Kiwi's morphemes, an article keeps its nouns and proper nouns, verb and adjective stems, roots,
numbers and Latin or Hanja words (particles and endings go: 올트먼은 is indexed as 올트먼, 발표했다 as 발표 and
밝혔다 as 밝히), plus the nouns a word glues together (오픈+AI as 오픈ai). Forms are NFKC and case-folded,
so `ＯｐｅｎＡＩ`, `OPENAI` and `openai` are one word. Initial consonants (초성) are computed from forms.
"""

from __future__ import annotations

import unicodedata

from .kiwi import Tok

CONTENT_TAGS = frozenset({"NNG", "NNP", "VV", "VA", "XR", "SL", "SH", "SN"})
_NOUNISH = frozenset({"NNG", "NNP", "SL", "SH", "SN"})
_CHOSUNG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"


def normalize(text: str) -> str:
    """The one form a word is indexed and searched by: NFKC (full-width letters become ASCII), case-folded;
    Hangul letters typed alone (ㅇ, ㅌ: initial consonants in a query) stay as they are."""
    if any("\u3131" <= ch <= "\u318e" for ch in text):
        return "".join(ch if "\u3131" <= ch <= "\u318e" else unicodedata.normalize("NFKC", ch) for ch in text).casefold()
    return unicodedata.normalize("NFKC", text).casefold()


def chosung(text: str) -> str:
    """The initial consonant of every Hangul syllable (other characters as they are): 올트먼 → ㅇㅌㅁ."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        out.append(_CHOSUNG[code // 588] if 0 <= code < 11172 else ch)
    return "".join(out)


def is_chosung(ch: str) -> bool:
    return ch in _CHOSUNG


def index_words(text: str, tokens: list[Tok]) -> list[tuple[str, int, int]]:
    """(form, start, end) of every word a search should find in `text`, in order."""
    out: list[tuple[str, int, int]] = []
    run: list[Tok] = []  # nouns glued together within one word

    def flush() -> None:
        if len(run) > 1:
            out.append((normalize("".join(t.form for t in run)), run[0].start, run[-1].end))
        run.clear()

    for t in tokens:
        if t.tag in CONTENT_TAGS:
            out.append((normalize(t.form), t.start, t.end))
        if t.tag in _NOUNISH and (not run or run[-1].end == t.start):
            run.append(t)
        else:
            flush()
            if t.tag in _NOUNISH:
                run.append(t)
    flush()
    return out
