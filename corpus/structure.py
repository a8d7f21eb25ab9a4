"""Article structure from raw scraped text: title, body, publisher, byline, date, and page furniture.

Scraped pages carry comment widgets, share and login prompts, language menus, copyright lines and
sales pitches around the article. Those lines are separated from the body but kept, each with the
reason it was separated, so nothing is lost. Bylines and image credits become metadata.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import parse_dateline


@dataclass(frozen=True)
class Furniture:
    """A line that is not part of the article body, where it was and why it was set aside."""

    line: int
    text: str
    reason: str


@dataclass
class Structure:
    """What the raw text says about itself."""

    title: str
    body: str
    publisher: str | None = None
    byline: str | None = None
    published: dt.datetime | None = None
    has_time: bool = False
    furniture: list[Furniture] = field(default_factory=list)
    image_credits: list[str] = field(default_factory=list)
    title_from: str = "first line"


# Lines that are page chrome wherever they appear.
_WIDGET_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "comment widget",
        re.compile(
            r"^(?:\d+\s*개의\s*댓글|댓글\s*\d*|\d+\s*/\s*\d+|로그인\s*후.*(?:가능합니다|이용).*|로그인\s*하시겠습니까\??"
            r"|댓글을\s*(?:삭제|수정)\s*하시겠습니까\??|이미\s*참여하셨습니다\.?|이미\s*신고\s*접수한\s*게시물입니다\.?"
            r"|신고\s*사유|신고\s*접수가\s*완료되었습니다.*|차단\s*해제\s*하시겠습니까\??|사용자\s*차단\s*시.*"
            r"|댓글\s*(?:쓰기|작성|보기|더보기|정렬)|최신순|추천순|답글.*|좋아요\s*\d*|싫어요\s*\d*)$"
        ),
    ),
    (
        "share or print prompt",
        re.compile(
            r"^(?:[•·\-*]\s*)?(?:공유하기|공유|닫기|프린트|인쇄|스크랩|기사\s*이미지\s*확대\s*보기|이미지\s*확대|URL\s*복사"
            r"|카카오톡|페이스북|트위터|네이버\s*밴드|글자\s*크기\s*(?:설정|조절)?|글씨\s*크기\s*(?:설정|조절)?|기사\s*읽어주기|다시듣기"
            r"|가|가\s*가|Share|Print|Close)$",
            re.I,
        ),
    ),
    ("language menu", re.compile(r"^(?:[•·\-*]\s*)?(?:언어\s*선택|한국어|중국어|영어|일본어|베트남어|English|中文|日本語|Tiếng Việt)$")),
    ("report prompt", re.compile(r"^(?:신고하기|기사\s*제보|제보하기|오류\s*신고)$")),
    ("empty date stamp", re.compile(r"^(?:입력|수정|업데이트|등록|승인|기사입력|최종수정)\s*:?$")),
    ("breadcrumb", re.compile(r"^(?:>|›|»|Home|홈|Blog|Blogs?\s*&\s*Articles|Articles|News)$", re.I)),
    (
        "subscription pitch",
        re.compile(
            r"^.*(?:구독하기|구독\s*신청|뉴스레터\s*신청|지금\s*바로\s*(?:상담|구독|신청|가입)|무료\s*체험|앱\s*다운로드|알림\s*받기).*$"
        ),
    ),
    ("copyright", re.compile(r"^.*(?:무단\s*전재|재배포\s*금지|All rights reserved|Copyright|저작권자\s*[©ⓒ(]).*$", re.I)),
]
_COPYRIGHT_SIGN = re.compile(r"^\s*[©ⓒ]")
_IMAGE_CREDIT_LINE = re.compile(r"^(?:이미지|사진|그래픽|자료|영상)\s*(?:출처|제공)?\s*[:=]\s*(?P<credit>.+)$")
_INLINE_CREDIT = re.compile(r"\[{1,2}\s*(?:사진|이미지|그래픽|자료)\s*[=:]\s*(?P<credit>[^\]]+?)\s*\]{1,2}")
_SLASH_CREDIT = re.compile(r"/\s*(?:사진|그래픽)\s*=\s*(?P<credit>\S.*)$")
_LEAD_BYLINE = re.compile(r"^\s*[\[【(]\s*(?P<pub>[^=\]】)]{2,30}?)\s*=\s*(?P<who>[^\]】)]{2,40}?)\s*[\]】)]\s*")
_TAIL_BYLINE = re.compile(
    r"^(?P<name>[가-힣]{2,4})\s+(?:(?P<pub>[가-힣A-Za-z0-9·]{2,20})\s+)?(?P<role>기자|특파원|에디터|객원기자|선임기자)"
    r"(?:\s*[(<]?\s*(?P<email>[\w.+-]+@[\w.-]+\.[a-z]{2,})\s*[)>]?)?$"
)
_EMAIL_ONLY = re.compile(r"^[\w.+-]+@[\w.-]+\.[a-z]{2,}$")
_COPYRIGHT_PUBLISHER = re.compile(r"[©ⓒ]\s*(?:(?:['\"‘“][^'\"’”]*['\"’”])\s*)?(?P<pub>[^.,·\s]+(?:\s?[^.,·\s]+)?)")
_SENTENCE_END = re.compile(r"(?:다|요|까|죠|음|함)[.!?]?[\"'”’]?$")


def _is_dateline(line: str) -> tuple[dt.datetime, bool] | None:
    stripped = re.sub(r"^(?:입력|수정|업데이트|등록|기사입력|승인|발행|게재|작성)\s*:?\s*", "", line.strip())
    if len(stripped) > 40:
        return None
    return parse_dateline(stripped)


def _widget_reason(line: str) -> str | None:
    text = line.strip()
    if not text:
        return None
    for reason, pattern in _WIDGET_PATTERNS:
        if pattern.match(text):
            return reason
    if _COPYRIGHT_SIGN.match(text):
        return "copyright"
    return None


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lead_sentence(text: str) -> str:
    match = re.search(r"^.+?(?:다|요)\.(?=\s|$)", text)
    return _shorten(match.group(0) if match else text)


def parse(text: str) -> Structure:
    """Split cleaned text into title, body and metadata; nothing is discarded."""
    lines = text.split("\n")
    kept: list[tuple[int, str]] = []
    furniture: list[Furniture] = []
    credits: list[str] = []
    publisher: str | None = None
    byline: str | None = None
    published: dt.datetime | None = None
    has_time = False
    after_copyright = False

    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append((number, ""))
            continue
        reason = _widget_reason(stripped)
        if reason == "copyright":
            after_copyright = True
            match = _COPYRIGHT_PUBLISHER.search(stripped)
            if match and publisher is None:
                publisher = match["pub"].strip("'\"‘’“” ")
        elif reason is None and after_copyright and len(stripped) <= 40:
            reason = "page furniture after the copyright line"
        if reason is None and number < 12 and published is None:
            stamp = _is_dateline(stripped)
            if stamp:
                published, has_time = stamp
                reason = "dateline"
        if reason is None:
            credit = _IMAGE_CREDIT_LINE.match(stripped)
            if credit:
                credits.append(credit["credit"].strip())
                reason = "image credit"
            else:
                inline = _INLINE_CREDIT.search(stripped) or (_SLASH_CREDIT.search(stripped) if len(stripped) < 80 else None)
                if inline and len(stripped) < 120 and not _SENTENCE_END.search(stripped):
                    credits.append(inline["credit"].strip())
                    reason = "image caption"
        if reason is None:
            tail = _TAIL_BYLINE.match(stripped)
            if tail:
                byline = f"{tail['name']} {tail['role']}"
                if tail["pub"] and publisher is None:
                    publisher = tail["pub"]
                reason = "byline"
            elif _EMAIL_ONLY.match(stripped):
                reason = "byline"
        if reason:
            furniture.append(Furniture(number, stripped, reason))
            continue
        lead = _LEAD_BYLINE.match(line)
        if lead and "기자" in lead["who"] or lead and "특파원" in lead["who"]:
            publisher = publisher or lead["pub"].strip()
            byline = byline or lead["who"].strip()
            furniture.append(Furniture(number, lead.group(0).strip(), "byline"))
            line = line[lead.end() :]
        kept.append((number, line.rstrip()))

    # Title: the first kept line that reads like a headline, not a sentence of the body.
    title = ""
    title_from = "first line"
    body_lines = [(n, l) for n, l in kept]
    for index, (_number, line) in enumerate(body_lines):
        if not line.strip():
            continue
        candidate = line.strip()
        if len(candidate) <= 120 and not re.search(r"(?:다|요)\.$", candidate):
            title = candidate
            body_lines.pop(index)
            # A scraped page often repeats its title just below the date.
            for later in range(index, min(index + 6, len(body_lines))):
                if body_lines[later][1].strip() == title:
                    furniture.append(Furniture(body_lines[later][0], title, "repeated title"))
                    body_lines.pop(later)
                    break
        else:
            title = _lead_sentence(candidate)
            title_from = "lead sentence"
        break
    body = "\n".join(l for _, l in body_lines)
    body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
    furniture.sort(key=lambda f: f.line)
    return Structure(
        title=title or "(untitled)",
        body=body,
        publisher=publisher,
        byline=byline,
        published=published,
        has_time=has_time,
        furniture=furniture,
        image_credits=credits,
        title_from=title_from if title else "none",
    )
