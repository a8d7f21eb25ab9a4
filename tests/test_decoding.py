"""Each decoding path: BOMs, strict UTF-8, strict CP949, repaired UTF-8, binary refusal."""

from __future__ import annotations

import codecs

import pytest

from corpus.decoding import BinaryFile, decode

KOREAN = "오픈AI가 서울에 지사를 열었다. 사용자는 2031만명이다."


@pytest.mark.parametrize(
    "bom,codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_the_encoding_and_is_dropped(bom, codec):
    decoded = decode(bom + KOREAN.encode(codec))
    assert decoded.text == KOREAN
    assert decoded.encoding == codec
    assert not decoded.repaired


def test_plain_utf8():
    decoded = decode(KOREAN.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.repaired) == (KOREAN, "utf-8", False)


@pytest.mark.parametrize("text", ["한국", "서울 기사", "가", "뉴스 2031만명", KOREAN])
def test_short_cp949_strings_are_not_mistaken(text):
    decoded = decode(text.encode("cp949"))
    assert decoded.text == text
    assert decoded.encoding == "cp949"


def test_euc_kr_is_read_as_cp949():
    decoded = decode("기사 본문입니다".encode("euc-kr"))
    assert decoded.text == "기사 본문입니다"


def test_utf8_with_a_few_broken_bytes_is_repaired_not_mojibake():
    good = (KOREAN + "\n") * 10
    data = bytearray(good.encode("utf-8"))
    data[5] = 0xFF
    data[100] = 0xFE
    data[200] = 0xC0
    decoded = decode(bytes(data))
    assert decoded.encoding == "utf-8"
    assert decoded.repaired
    assert decoded.text.count("\ufffd") >= 3
    assert "사용자는 2031만명이다" in decoded.text


def test_invalid_in_both_utf8_and_cp949_is_repaired():
    decoded = decode(b"abc \xff\xff\xff def")
    assert decoded.repaired and decoded.encoding == "utf-8"
    assert decoded.text.startswith("abc ")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"%PDF-1.7\n" + b"\x00" * 10,
        b"hello\x00world",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_is_refused(data):
    with pytest.raises(BinaryFile):
        decode(data)
