"""Gisa's own theme, and the highlight colours and markers that keep every kind legible in every theme.

Each entity kind and reader state has a CSS variable (`$kind-ps` … `$mark-conflict`) computed from the
current theme by `highlight_variables`: the kind's theme colour, made lighter (on dark backgrounds) or
darker (on light ones) until its WCAG contrast against the reader's background reaches `TARGET`. Kinds
whose colours would come out alike (or like plain text) are turned round the colour wheel, so that
they stay apart.

Colour is never the only difference. The stylesheet gives each kind a text style that every console
draws (bold, underline, or both; never italic or dim, which the Linux console and NO_COLOR lose), and
four kinds carry a bracket pair (`MARKERS`), so that all seven look different in black and white. The
reader's states use reverse video, which every terminal has: a search hit, the current hit, the current
mention and a conflicting claim are four reverse-video blocks told apart by bold and underline.

The focused list cursor gets the same treatment (`$list-cursor`, written on in the background colour).

With the ANSI themes the terminal's own palette decides every colour, which Gisa cannot measure: there
the highlights use the terminal's default foreground (its own legible pair) and differ by style alone.
"""

from __future__ import annotations

from textual.color import Color, rgb_to_lab
from textual.theme import Theme

from corpus import kinds

GISA_THEME = Theme(
    name="gisa",
    primary="#5FAFD7",
    secondary="#AF87D7",
    accent="#FFAF5F",
    warning="#FFD75F",
    error="#FF5F5F",
    success="#87D787",
    foreground="#E4E4E4",
    background="#1C1C1C",
    surface="#262626",
    panel="#303030",
    dark=True,
)

TARGET = 4.5  # WCAG AA for body text
_AIM = 4.7  # what the derivation aims for, so that rounding to 8-bit channels never falls below TARGET

# The theme colour each highlight starts from (kinds, then the reader's reverse-video states); a pair is
# an even mix of two theme colours.
KIND_BASES: dict[str, str | tuple[str, str]] = {
    kinds.PERSON.code: "secondary",
    kinds.ORGANISATION.code: "primary",
    kinds.PLACE.code: "success",
    kinds.PRODUCT.code: "accent",
    kinds.DATE.code: "warning",
    kinds.TIME.code: "error",
    kinds.QUANTITY.code: ("success", "primary"),
}
STATE_BASES: dict[str, str | tuple[str, str]] = {"match": "warning", "current": "accent", "emphasis": "primary", "conflict": "error"}

# Bracket pairs drawn around mentions of these kinds, whatever the colours (see the module docstring).
MARKERS: dict[str, tuple[str, str]] = {
    kinds.PRODUCT.code: ("«", "»"),
    kinds.DATE.code: ("‹", "›"),
    kinds.TIME.code: ("‹", "›"),
    kinds.QUANTITY.code: ("‹", "›"),
}


def variable_name(key: str) -> str:
    """The CSS variable of a kind code (`kind-ps`), a reader state (`mark-current`) or `cursor` (`list-cursor`)."""
    if key == "cursor":
        return "list-cursor"
    return f"kind-{key.lower()}" if key.isupper() else f"mark-{key}"


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def legible(color: Color, background: Color, target: float = _AIM) -> Color:
    """`color` mixed with white (dark background) or black (light one) as little as reaches `target`."""
    color = background + color  # (a colour with alpha, as drawn)
    if contrast(color, background) >= target:
        return color
    white, black = Color(255, 255, 255), Color(0, 0, 0)
    toward = white if contrast(white, background) >= contrast(black, background) else black
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        if contrast(color.blend(toward, middle), background) >= target:
            high = middle
        else:
            low = middle
    return color.blend(toward, high).clamped


def _apart(color: Color, taken: list[Color], background: Color) -> Color:
    """`color`, or its hue turned in steps of 40° until it is neither grey nor like one in `taken` (CIE76 ΔE ≥ 20)."""

    def far(candidate: Color) -> bool:
        lab = rgb_to_lab(candidate)
        if (lab.a**2 + lab.b**2) ** 0.5 < 12:  # too grey to read as a colour
            return False
        return all(sum((x - y) ** 2 for x, y in zip(lab, rgb_to_lab(other))) ** 0.5 >= 20 for other in taken)

    if far(color):
        return color
    h, s, l = color.hsl
    s = max(s, 0.5)  # a grey has no hue to turn
    for step in (1, -1, 2, -2, 3, -3, 4):
        candidate = legible(Color.from_hsl((h + step * 40 / 360) % 1, s, l), background)
        if far(candidate):
            return candidate
    return color


def highlight_variables(variables: dict[str, str], ansi: bool = False) -> dict[str, str]:
    """The highlight variables for a theme, given its resolved CSS variables (`App.get_css_variables`)."""
    if ansi:
        return {variable_name(key): "ansi_default" for key in (*KIND_BASES, *STATE_BASES, "cursor")}
    background = Color.parse(variables["background"])
    text = background + Color.parse(variables["foreground"])
    # the focused list cursor: the background's colour written on this
    result: dict[str, str] = {"list-cursor": legible(Color.parse(variables["primary"]), background).hex6}
    for bases in (KIND_BASES, STATE_BASES):
        taken: list[Color] = [text]  # a highlight must not look like plain text either
        for key, base in bases.items():
            if isinstance(base, tuple):
                first, second = (background + Color.parse(variables[name]) for name in base)
                start = first.blend(second, 0.5)
            else:
                start = Color.parse(variables[base])
            color = _apart(legible(start, background), taken, background)
            taken.append(color)
            result[variable_name(key)] = color.hex6
    return result
