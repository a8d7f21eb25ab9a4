"""Korean numbers, normalised so a reader can trust them.

`to_value` reads a number as Korean news prints it: digits with commas and decimals, full-width
digits, 만/억/조 with 천/백/십 in mixed forms (1조 7774억, 2만 5천), Sino-Korean numerals (삼백만, 천만)
and native ones (열두, 스물한). `find_quantities` scans text for quantity expressions with their
unit, kind, ranges, approximations (약, 여, 가량), bounds (이상, 미만, 돌파) and vagueness (수백만),
and never mistakes a model name such as GPT-4.5 for a quantity.

Numbers that name rather than measure are kind "identifier": 1호선, 제7호 태풍, 3번 출구, 2호기, 제1회,
제21대 국회, 6차 회의, 4강, 10대 (an age group), 4대 광역시. They stay mentions but never become claims,
so subway line 1 can never "conflict" with line 4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import Taken

FULLWIDTH = str.maketrans("０１２３４５６７８９，．％～", "0123456789,.%~")

_SINO_DIGIT = {"영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9}
_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
_NATIVE_UNITS = {
    "하나": 1,
    "한": 1,
    "둘": 2,
    "두": 2,
    "셋": 3,
    "세": 3,
    "석": 3,
    "넷": 4,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}
_NATIVE = re.compile(
    r"^(?P<tens>열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)?\s?(?P<units>하나|한|둘|두|셋|세|석|넷|네|넉|다섯|여섯|일곱|여덟|아홉)?$"
)
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[영공일이삼사오육륙칠팔구]|[십백천]|[만억조경]")


def to_value(text: str) -> float | None:
    """The value of a Korean number written in digits, Sino-Korean or native numerals; None if not one."""
    s = text.translate(FULLWIDTH).replace(",", "").replace(" ", "").strip()
    if not s:
        return None
    for minus in ("마이너스", "-", "−"):
        if s.startswith(minus) and len(s) > len(minus):
            rest = to_value(s[len(minus) :])
            return None if rest is None else -rest
    if "점" in s:
        whole, _, frac = s.partition("점")
        head = to_value(whole) if whole else 0.0
        digits = "".join(str(_SINO_DIGIT[c]) if c in _SINO_DIGIT else "" for c in frac)
        scale = ""
        if frac and frac[-1] in _BIG and len(digits) == len(frac) - 1:
            scale = frac[-1]
        elif len(digits) != len(frac) or not digits:
            return None
        if head is None:
            return None
        value = float(f"{int(head)}.{digits}")
        return value * _BIG[scale] if scale else value
    if s in ("첫", "첫째"):
        return 1.0
    native = _NATIVE.match(s)
    if native and (native["tens"] or native["units"]):
        return float(_NATIVE_TENS.get(native["tens"] or "", 0) + _NATIVE_UNITS.get(native["units"] or "", 0))
    pos = 0
    total = 0.0
    section = 0.0
    current: float | None = None
    seen = False
    for match in _TOKEN.finditer(s):
        if match.start() != pos:
            return None
        pos = match.end()
        tok = match.group(0)
        if tok[0].isdigit():
            if current is not None:
                return None
            current = float(tok)
        elif tok in _SINO_DIGIT:
            if current is not None:
                return None
            current = float(_SINO_DIGIT[tok])
        elif tok in _SMALL:
            section += (1.0 if current is None else current) * _SMALL[tok]
            current = None
        else:
            section += current or 0.0
            total += (section or 1.0) * _BIG[tok]
            section = 0.0
            current = None
        seen = True
    if pos != len(s) or not seen:
        return None
    return total + section + (current or 0.0)


# --- scanning text for quantities -------------------------------------------------------------

_G = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A group after the first never starts right after a digit: a run of digits is one group, never split
# among several (which made "1억 1억 … 111…1a" backtrack exponentially).
_DIGIT_CORE = rf"(?:{_G})(?:\s?[조억만천백십]+(?:\s?(?<!\d)(?:{_G})(?:\s?[조억만천백십]+)?)*)?"
_SINO_CORE = r"(?<![가-힣])[일이삼사오육칠팔구십백천만억조]*[십백천만억조][일이삼사오육칠팔구십백천만억조]*"
_VAGUE_CORE = r"(?:수|몇)(?:[십백천][만억조]?|[만억조])"
_NATIVE_CORE = r"(?:열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|하나|둘|셋|넷)?|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|하나|둘|셋|넷)"  # noqa: E501 (a pattern or Korean text reads best whole)

CURRENCIES = {
    "원": "KRW",
    "엔": "JPY",
    "달러": "USD",
    "불": "USD",
    "유로": "EUR",
    "위안": "CNY",
    "파운드": "GBP",
    "루블": "RUB",
    "루피": "INR",
    "페소": "PHP",
    "프랑": "CHF",
    "바트": "THB",
    "링깃": "MYR",
    "엔화": "JPY",
}
_COUNTERS = (
    "개국 개사 개월 개년 가구 세대 마리 차례 가지 사람 명 개 곳 건 대 편 권 회 번 채 척 톤 장 병 잔 통 표 석 인 호 층 기 종 쌍 "
    "켤레 배럴 점 등급 세 살 주년 시간 분 초 년 월 일 주 달 km ㎞ kg ㎏ cm mm ㎡ m² m 평 GB TB MB Mbps GW MW kW kWh 바퀴 골 타 승 패 표차 포기 "  # noqa: E501 (a pattern or Korean text reads best whole)
    "모금 그릇 단계 부문 루 심 호선 주기 라운드 발 촌 순위 범 홀 경기 세트 이닝 쿼터 게임 판 강 선 연승 연패 자녀 원권 만원권 "
    "조회 통 포대 알 그루 송이 방 평형 인분 회차 학년 기 급 단 위안화 달러화 엔화 인치 mm ml L 리터 그램 킬로그램 톤 미터 킬로미터 "  # noqa: E501 (a pattern or Korean text reads best whole)
    "마일 피트 칼로리 kcal 도 ℃ 명분 돌 명씩 배수 가구 필지 동 호 실 병상 대회 개소 군데 곡 작품 차로 차선 관 부작 시즌 라인 페이지 쪽"
).split()  # noqa: E501 (a pattern or Korean text reads best whole)
_PERCENT = ("%p", "%포인트", "퍼센트포인트", "%", "퍼센트", "프로")
_UNIT_ALT = "|".join(
    sorted(
        [re.escape(u) for u in list(CURRENCIES) + _COUNTERS + list(_PERCENT) + ["포인트", "배", "위권", "위", "등"]], key=len, reverse=True
    )
)
_AFTER_UNIT = r"(?![가-힣])|(?=[은는이가을를의에와과도만로으다씩께며부까보및인였라나란랑야요여째간대쯤정남안내])"
_APPROX_PRE = r"(?:(?P<pre>약|대략|무려|최대|최소|최고|거의|총|모두|불과|겨우|단)\s?)?"
_YEO = r"(?P<yeo>여)?"
_POST = (
    r"(?P<post>\s?(?:가량|정도|쯤|안팎|내외|남짓|이상|이하|미만|초과|이내|넘게|넘는|넘어|넘었|넘긴|넘어선|"
    r"(?:을|를|이|가)?\s?(?:돌파|넘어섰|넘어서|넘었|넘는|넘긴|넘게|웃돌|밑돌|달하|달해|달했|육박|기록)))?"
)

QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9.\-_/])(?<![A-Za-z]-)"
    rf"{_APPROX_PRE}"
    rf"(?P<core>(?P<num>{_DIGIT_CORE}|{_VAGUE_CORE}|{_SINO_CORE}){_YEO})"
    rf"(?:\s?(?P<unit1>{_UNIT_ALT})(?:{_AFTER_UNIT}))?"
    rf"(?:\s?(?P<dash>[~∼〜\-–])\s?(?P<num2>{_DIGIT_CORE}|{_SINO_CORE}){_YEO.replace('yeo', 'yeo2')}(?:\s?(?P<unit>{_UNIT_ALT})(?:{_AFTER_UNIT}))?)?"  # noqa: E501 (a pattern or Korean text reads best whole)
    rf"(?P<tail>째|간|대|씩)?"
    rf"(?!\d)(?![A-Za-z])"
    rf"{_POST}"
)
_NATIVE_QUANTITY = re.compile(
    rf"(?<![가-힣]){_APPROX_PRE}(?P<core>(?P<num>{_NATIVE_CORE})\s?(?P<unit>번째|번|명|사람|가지|곳|차례|개|개국|살|시간|달|마리|권|대|잔|해|째|군데|편|건|척|통|장)(?P<tail>째)?)"
    rf"(?:{_AFTER_UNIT})" + r"|" + r"(?<![가-힣])(?P<first>첫(?:\s?번째|째)?)(?=\s|[가-힣])"
)
_ORDINAL_PRE = re.compile(r"(?<![가-힣A-Za-z0-9])제\s?(?P<num>\d+)(?P<unit>차|회|호|기|대|부|조|항|장|편|번|공화국|세대)?")
_ORDINAL_SUFFIX = re.compile(r"(?<!\d)(?P<num>\d+)\s?(?P<unit>차|번째|회차)(?![가-힣])")
# Numbers that name things: lines, reactors, branches, rooms, school years, tournament rounds, typhoons
_IDENTIFIER = re.compile(
    r"(?<![\d.,A-Za-z])(?P<num>\d+)\s?(?P<unit>호선|호기|호점|호실|호차|호|번지|학년|강전|강|차전|라운드)"
    r"(?![가-힣])|"
    r"(?<![\d.,A-Za-z])(?P<num2>\d+)\s?(?P<unit2>호선|호기|호점|호실|호차|호|번지|학년|강전|강|차전)"
    r"(?=[은는이가을를의에와과도만로으])"
)
# 3번 출구, 572번 확진자, 기호 1번 후보: a number before these nouns is a label
_NUMBERED_NOUNS = (
    "출구",
    "국도",
    "지방도",
    "도로",
    "고속도로",
    "버스",
    "노선",
    "게이트",
    "채널",
    "타자",
    "키커",
    "선수",
    "후보",
    "홀",
    "트랙",
    "레인",
    "좌석",
    "확진자",
    "환자",
    "사례",
    "감염자",
    "무소속",
    "국민의당",
    "정당",
    "방",
    "줄",
    "테이블",
    "항목",
    "문항",
    "조항",
    "법안",
    "사건",
    "공약",
    "카드",
    "유니폼",
    "등번호",
)
_NUMBERED = re.compile(
    r"(?<![\d.,A-Za-z])(?:기호\s?)?(?P<num>\d+)\s?번\s(?P<noun>" + "|".join(_NUMBERED_NOUNS) + r")"
    r"(?:들|으로|에서|에게|[은는이가을를의에와과도만로])?(?![가-힣])"
)
# 제24회 동계올림픽 is an edition even without 제: 24회 동계, 63회 칸 영화제
_EDITION_NEXT = (
    "동계",
    "하계",
    "올림픽",
    "대회",
    "영화제",
    "전국",
    "국제",
    "정기",
    "총회",
    "시상식",
    "축제",
    "선거",
    "지방선거",
    "전국동시지방선거",
    "아카데미",
    "그래미",
    "칸",
    "베니스",
    "베를린",
    "전국체전",
    "체전",
    "졸업",
    "학술",
    "포럼",
)
# 21대 국회의원, 46대 대통령, 4대 광역시, 7대 불가사의: 대 before these (or any noun but vehicles) is a term or a set
_MACHINES = (
    "차량",
    "차",
    "버스",
    "택시",
    "트럭",
    "자동차",
    "승용차",
    "화물차",
    "헬기",
    "전투기",
    "항공기",
    "비행기",
    "드론",
    "컴퓨터",
    "카메라",
    "오토바이",
    "장비",
    "전동차",
    "기계",
    "스마트폰",
    "휴대폰",
    "노트북",
    "서버",
    "로봇",
    "선박",
    "배",
    "탱크",
    "전차",
    "장갑차",
    "소방차",
    "구급차",
    "대수",
    "열차",
    "기차",
    "단말기",
    "TV",
    "대의",
)
_AGE_NEXT = (
    "이상",
    "이하",
    "미만",
    "초반",
    "중반",
    "후반",
    "남성",
    "여성",
    "남자",
    "여자",
    "가장",
    "청년",
    "노인",
    "부부",
    "주부",
    "직장인",
    "학생",
    "층",
    "연령",
    "가운데",
    "중",
    "남녀",
    "환자",
    "확진자",
    "사망자",
    "여성이",
    "남성이",
    "부터",
    "까지",
)

TIME_UNITS = {"시간", "분", "초"}
DATE_UNITS = {"년", "월", "일", "주", "개월", "개년", "주년", "달"}


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text: where it is, what it says and how sure it is."""

    start: int
    end: int
    text: str
    value: float | None
    value_max: float | None
    unit: str
    kind: str  # count, money, percent, points, ratio, rank, ordinal, measure, identifier
    approximate: bool
    bound: str  # "", ">=", ">", "<=", "<", "top"
    vague: bool
    context_start: int = -1  # the whole expression, with 약/총 before and 이상/가량 after
    context_end: int = -1

    @property
    def context(self) -> tuple[int, int]:
        """Span of the whole expression including its modifiers."""
        return (self.context_start if self.context_start >= 0 else self.start, self.context_end if self.context_end >= 0 else self.end)


def _unit_kind(unit: str) -> str:
    if unit in CURRENCIES:
        return "money"
    if unit in ("%", "퍼센트", "프로"):
        return "percent"
    if unit in ("%p", "%포인트", "퍼센트포인트", "포인트"):
        return "points"
    if unit == "배":
        return "ratio"
    if unit in ("위", "위권", "등"):
        return "rank"
    if unit in ("번째", "차", "째"):
        return "ordinal"
    if unit in DATE_UNITS:
        return "date"
    if unit in TIME_UNITS:
        return "time"
    if unit in ("명", "사람", "인", "가구", "세대"):
        return "count"
    if unit in ("km", "㎞", "kg", "㎏", "cm", "mm", "㎡", "m²", "m", "평", "톤", "GB", "TB", "MB", "Mbps", "GW", "MW", "kW", "kWh", "배럴"):
        return "measure"
    if not unit:
        return "number"
    return "count"


_BOUND_WORDS = {"이상": ">=", "이하": "<=", "미만": "<", "초과": ">", "이내": "<=", "최대": "<=", "최소": ">="}


def _modifiers(pre: str | None, post: str | None, yeo: bool) -> tuple[bool, str]:
    approximate = yeo or pre in ("약", "대략", "거의")
    bound = ""
    if pre in _BOUND_WORDS:
        bound = _BOUND_WORDS[pre]
    if post:
        p = post.strip()
        if p in ("가량", "정도", "쯤", "안팎", "내외", "남짓"):
            approximate = True
        elif p in _BOUND_WORDS:
            bound = _BOUND_WORDS[p]
        elif any(w in p for w in ("돌파", "넘", "웃돌")):
            bound = ">"
        elif "밑돌" in p:
            bound = "<"
        elif "육박" in p:
            approximate = True
    if yeo and not bound:
        bound = ">="
    return approximate, bound


def _is_model_number(text: str, start: int) -> bool:
    """True when the digits at `start` belong to a name such as GPT-4.5, 클로드3 or A100."""
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isascii() and prev.isalpha():
        return True
    if prev == "-" and start >= 2 and text[start - 2].isascii() and text[start - 2].isalnum():
        return True
    if "가" <= prev <= "힣" and start >= 2:
        # 클로드3, 갤럭시S24: Hangul glued to digits with no counter after them
        j = start
        while j < len(text) and (text[j].isdigit() or text[j] == "."):
            j += 1
        nxt = text[j : j + 1]
        if nxt in ("", " ", ",", "'", "’", "”", ")", "와", "과", "의", "를", "을", "은", "는", "이", "가"):
            return text[start - 1] not in "제약총"
    return False


def _word_before(norm: str, start: int) -> str:
    """The word (up to the previous space) before `start`, without a trailing space."""
    head = norm[max(0, start - 12) : start].rstrip()
    return head.rsplit(" ", 1)[-1] if head else ""


def _word_after(norm: str, end: int) -> str:
    """The word after `end` when one space separates it; empty when a particle or punctuation follows."""
    if norm[end : end + 1] != " ":
        return ""
    m = re.match(r"[가-힣A-Za-z]+", norm[end + 1 : end + 20])
    return m.group(0) if m else ""


def _names_something(unit: str, value: float, value_max: float | None, norm: str, start: int, end: int) -> bool:
    """True when the number is a label, not an amount: 10대 (age group), 21대 국회, 4대 광역시, 24회 동계올림픽."""
    after = _word_after(norm, end)
    if unit == "대":
        before = _word_before(norm, start)
        if before.endswith(_MACHINES) or after.startswith(_MACHINES):
            return False  # 차량 20대, 헬기 10대: vehicles and machines are counted
        lo, hi = value, value_max if value_max is not None else value
        if lo % 10 == 0 and hi % 10 == 0 and 10 <= lo <= hi <= 100:
            return True  # 20~40대, 30대 남성: an age group
        if after.startswith(_AGE_NEXT) or norm[end : end + 1] in ("의",):
            return after.startswith(_AGE_NEXT)
        return bool(after) and not after.startswith(("가량", "정도", "쯤", "안팎", "내외", "남짓", "이상", "이하", "미만", "넘게", "규모"))
    if unit == "회":
        return after.startswith(_EDITION_NEXT)
    if unit == "층":  # 3층에는, 1층과 2층, 지하 1층: a floor is a place; 지상 10층 규모 counts floors
        return _word_before(norm, start) == "지하" or bool(re.match(r"(?:에서|에는|에|과|와|까지|부터|으로)", norm[end : end + 3]))
    return False


def _main_quantity(m: re.Match[str], text: str, norm: str) -> Quantity | None:
    num = m["num"]
    if num[0].isdigit() and _is_model_number(norm, m.start("num")):
        return None
    vague = num.startswith(("수", "몇"))
    is_sino = not num[0].isdigit() and not vague
    unit = m["unit"] or m["unit1"] or ""
    if (is_sino or vague) and not unit:
        return None  # a bare run of 일/이/삼... is a word, not a number
    if is_sino and len(num) == 1 and norm[m.end("num") : m.end("num") + 1] != " ":
        return None  # 조건, 천장, 조선: a scale word glued to a counter is an ordinary word
    if is_sino and num[0] in "조경" and len(num) > 1:
        return None  # 조사단: a numeral opens with 만 (만오천 원) but not with a bare 조 or 경
    if vague:
        lo = {"십": 10, "백": 100, "천": 1000}.get(num[1:2], 1)
        big = {"만": 10**4, "억": 10**8, "조": 10**12}.get(num[-1], 1)
        value, value_max = float(2 * lo * big), float(9 * lo * big)
    else:
        value = to_value(num)
        if value is None:
            return None
        value_max = to_value(m["num2"]) if m["num2"] else None
        if value_max is not None and m["unit1"] and m["unit"] and m["unit1"] != m["unit"]:
            value_max = None
    kind = _unit_kind(unit)
    if kind in ("date", "time"):
        return None  # dates and times are found by corpus.temporal
    pre = m["pre"]
    start = m.start("core")
    end = max(m.end(g) for g in ("core", "unit1", "unit", "num2", "yeo2", "tail") if m[g])
    if not vague and (_names_something(unit, value, value_max, norm, start, end) or unit in ("원권", "만원권")):
        kind = "identifier"  # 오천원권, 5만원권: a banknote's name
    if m["tail"] == "씩":
        end -= 1
    context_start, context_end = (m.start() if pre else start), end
    post = m["post"] or ""
    if post.strip() and not re.match(r"(?:을|를|이|가)\s?(?:돌파|넘|웃돌|밑돌|달하|달해|달했|육박|기록)", post.strip()):
        context_end = m.end("post")  # 이상, 가량 ... belong to the expression; a particle does not
    approximate, bound = _modifiers(pre, post or None, bool(m["yeo"] or m["yeo2"]))
    if unit == "위권":
        bound, approximate = "top", True
    if vague:
        approximate = True
    if not unit:
        return None  # a bare number says too little to be a claim
    return Quantity(start, end, text[start:end], value, value_max, unit, kind, approximate, bound, vague, context_start, context_end)


def find_quantities(text: str, taken: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity expression in `text`, in order, without overlaps or overlap with `taken` spans."""
    norm = text.translate(FULLWIDTH)
    found: list[Quantity] = []
    spans = Taken(len(text) + 1, taken or ())  # first found wins, checked in O(log n): a line of amounts stays linear

    def add(q: Quantity | None) -> None:
        if q is not None and not spans.overlaps(q.start, q.end):
            found.append(q)
            spans.add(q.start, q.end)

    for m in _ORDINAL_PRE.finditer(norm):
        add(
            Quantity(
                m.start(), m.end(), text[m.start() : m.end()], to_value(m["num"]), None, m["unit"] or "제", "identifier", False, "", False
            )
        )
    for m in _IDENTIFIER.finditer(norm):
        num, unit = (m["num"], m["unit"]) if m["num"] else (m["num2"], m["unit2"])
        a = m.start("num") if m["num"] else m.start("num2")
        b = m.end("unit") if m["num"] else m.end("unit2")
        if not _is_model_number(norm, a):
            add(Quantity(a, b, text[a:b], to_value(num), None, unit, "identifier", False, "", False))
    for m in _NUMBERED.finditer(norm):
        end = norm.index("번", m.end("num")) + 1
        add(Quantity(m.start("num"), end, text[m.start("num") : end], to_value(m["num"]), None, "번", "identifier", False, "", False))
    for m in _ORDINAL_SUFFIX.finditer(norm):
        if not _is_model_number(norm, m.start()):
            kind = "ordinal" if m["unit"] == "번째" else "identifier"  # 6차 회의, 3회차: names of rounds
            add(Quantity(m.start(), m.end(), text[m.start() : m.end()], to_value(m["num"]), None, m["unit"], kind, False, "", False))
    for m in QUANTITY.finditer(norm):
        if m["num"]:
            add(_main_quantity(m, text, norm))
    for m in _NATIVE_QUANTITY.finditer(norm):
        if m["first"]:
            add(Quantity(m.start("first"), m.end("first"), m["first"], 1.0, None, "번째", "ordinal", False, "", False))
            continue
        value = to_value(m["num"])
        if value is None:
            continue
        unit = m["unit"]
        kind = "ordinal" if unit in ("번째", "째") or m["tail"] == "째" else _unit_kind(unit)
        if kind in ("date", "time"):
            continue
        a = m.start("core")
        if m["num"] in ("한", "두", "세", "네", "석", "넉", "열") and unit not in ("번째",) and norm[m.end("num") : m.start("unit")] != " ":
            continue  # 한편, 세대, 두번: glued single-syllable numerals are mostly ordinary words
        approximate, bound = _modifiers(m["pre"], None, False)
        add(
            Quantity(
                a,
                m.end("core"),
                text[a : m.end("core")],
                value,
                None,
                "번째" if kind == "ordinal" else unit,
                kind,
                approximate,
                bound,
                False,
                m.start() if m["pre"] else a,
                m.end("core"),
            )
        )
    found.sort(key=lambda q: q.start)
    return found
