"""Cleaning: escapes, controls, bidi, zero-width, surrogates, newlines, NFC."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from corpus.cleaning import clean, safe_label


def test_terminal_escapes_are_removed():
    raw = "제목\x1b]0;pwned\x07 본문\x1b[2J\x1b[31m빨강\x1b[0m\x1b]52;c;ZXZpbA==\x1b\\끝\x1bP1$qm\x1b\\"
    assert clean(raw) == "제목 본문빨강끝"


def test_c1_controls_and_8bit_csi_removed():
    assert clean("가\x9b31m나\x9d0;title\x9c다\x85라") == "가나다\n라"


def test_bidi_overrides_and_zero_width_removed():
    assert clean("abc\u202edcba\u2066x\u2069\u200by\ufeffz\u200d") == "abcdcbaxyz"


def test_lone_surrogates_removed():
    assert clean("가\ud800나\udfff다") == "가나다"


def test_crlf_and_lone_cr_become_newlines():
    assert clean("하나\r\n둘\r셋\n넷") == "하나\n둘\n셋\n넷"


def test_nfd_hangul_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "한국어 기사")
    assert len(nfd) > len("한국어 기사")
    assert clean(nfd) == "한국어 기사"


def test_markup_like_text_is_kept_verbatim():
    text = "[/] [bold]굵게[/bold] [@click=app.quit]끝[/] [$var]"
    assert clean(text) == text


def test_safe_label_is_one_line_and_short():
    label = safe_label("a\nb\x1b[31m" + "가" * 500, 50)
    assert "\n" not in label and "\x1b" not in label and len(label) == 50


@given(st.text())
def test_clean_output_has_no_controls_and_is_stable(text):
    out = clean(text)
    assert all(ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) for ch in out)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for ch in out)
    assert unicodedata.is_normalized("NFC", out)
    assert clean(out) == out
