"""The kinds of mention Gisa finds, defined once: code, names, the key that toggles them, list headings.

Codes follow KLUE-NER (PS person, LC location, OG organisation, DT date, TI time, QT quantity) plus PD
for products, models and works. The reader's legend and toggles, the entity sidebar's headings, the
command palette and the help screen all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of mention."""

    code: str
    name: str  # singular, lower case: "person"
    plural: str  # "people"
    key: str  # the reader's toggle key
    heading: str  # the entity sidebar's heading for named kinds, "" for the others


PERSON = Kind("PS", "person", "people", "P", "People")
ORGANISATION = Kind("OG", "organisation", "organisations", "O", "Organisations")
PLACE = Kind("LC", "place", "places", "L", "Places")
PRODUCT = Kind("PD", "product", "products", "R", "Products and works")
DATE = Kind("DT", "date", "dates", "D", "")
TIME = Kind("TI", "time", "times", "T", "")
QUANTITY = Kind("QT", "quantity", "quantities", "Q", "")
ALL = (PERSON, ORGANISATION, PLACE, PRODUCT, DATE, TIME, QUANTITY)
BY_CODE = {k.code: k for k in ALL}
CODES = tuple(k.code for k in ALL)
NAME_KINDS = tuple(k.code for k in ALL if k.heading)  # names that cluster into entities
TAGGED_NAMES = ("PS", "LC", "OG")  # the names the trained tagger finds (products come from the rules)
