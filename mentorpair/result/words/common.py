"""What every sentence of the explanations shares: numbers, counted nouns, lists, languages, quotes.

Finnish is written as a Finnish coordinator would write it: decimal commas,
language names rather than codes ("suomi", not "fi"), the numeral's case
("1 vuosi", "2 vuotta"), and never a case ending glued to an id or an e-mail
("…@vtt.fi:a"): an id stands in the nominative after a noun that carries the
case ("mentorin M001 osaamista"), or the sentence is turned so that it needs none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

from ...model.participant import Participant
from ...model.vocab import SCALE
from ...text.taxonomy import area_label, goal_area

__all__ = [
    "AUDIENCES", "KIND_WORDS", "MEETS_SIMILARITY", "NOUNS", "ROLE_WORDS", "Audience", "Language", "Noun",
    "area_words", "check_audience", "count", "decimal", "excerpt", "few", "few_each", "language_names", "listed",
    "noun", "quoted", "rounded_parts", "shown_name", "total_text", "years",
]

Language = Literal["en", "fi"]
Audience = Literal["coordinator", "participant"]
AUDIENCES: tuple[Audience, ...] = ("coordinator", "participant")

#: a goal phrase and an offer phrase "meet" when their cosine is at least this; below it the texts are
#: said to have little in common. On the centred e5 encoder the demo's chosen pairs fall in two clear
#: bands, best phrase cosines of -0.12 to 0.06 (unrelated texts) and 0.16 and up (texts on one topic);
#: the line sits between them. A bag-of-words encoder gives 0 for texts that share no word.
MEETS_SIMILARITY = 0.15


def check_audience(audience: object) -> Audience:
    """``audience`` itself when it is one of :data:`AUDIENCES`; a clear ValueError otherwise."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be 'coordinator' or 'participant', got {audience!r}")
    return audience


# --------------------------------------------------------------------------- numbers


def decimal(value: float, language: Language, decimals: int = 2) -> str:
    """``value`` with ``decimals`` places, a decimal comma in Finnish; never "-0.00"."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", ",") if language == "fi" else text


def _quantity(value: float, language: Language) -> str:
    """A count or an amount of years as written: 3, 2.5 (2,5 in Finnish)."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "fi" else text


def rounded_parts(units: Sequence[int], decimals: int = 2, language: Language = "en") -> list[str]:
    """Format integer parts (1/SCALE units) so the shown parts sum to the shown total.

    Plain rounding can make 0.334 + 0.333 + 0.333 show as 0.33 + 0.33 + 0.33 = 0.99
    beside a total of 1.00; largest-remainder rounding hands the lost hundredths to
    the parts that lost the most.
    """
    step = SCALE // 10**decimals
    floors = [math.floor(u / step) for u in units]
    target = round(sum(units) / step)
    order = sorted(range(len(units)), key=lambda i: (-(units[i] / step - floors[i]), i))
    for i in order[: max(0, target - sum(floors))]:
        floors[i] += 1
    return [decimal(f / 10**decimals, language, decimals) for f in floors]


def total_text(total_units: int, decimals: int = 2, language: Language = "en") -> str:
    step = SCALE // 10**decimals
    return decimal(round(total_units / step) / 10**decimals, language, decimals)


class Noun(NamedTuple):
    """A counted noun in every form the sentences need.

    A Finnish numeral other than 1 takes the partitive singular: "1 mentori", "2 mentoria", "0,5 vuotta".
    """

    en_one: str
    en_many: str
    fi_one: str  # nominative singular: "sallittu mentori"
    fi_counted: str  # partitive singular, after a numeral: "2 mentoria"
    fi_many: str  # nominative plural: "sallitut mentorit"
    fi_from_many: str  # elative plural: "mentoreista 3 on suljettu pois"


#: every counted noun of the explanations, one table for all of them
NOUNS: dict[str, Noun] = {
    "year": Noun("year", "years", "vuosi", "vuotta", "vuodet", "vuosista"),
    "mentor": Noun("mentor", "mentors", "mentori", "mentoria", "mentorit", "mentoreista"),
    "mentee": Noun("mentee", "mentees", "aktori", "aktoria", "aktorit", "aktoreista"),
    "peer": Noun("peer", "peers", "vertainen", "vertaista", "vertaiset", "vertaisista"),
    "counterpart": Noun("counterpart", "counterparts", "pari", "paria", "parit", "pareista"),
    "place": Noun("place", "places", "paikka", "paikkaa", "paikat", "paikoista"),
    "person": Noun("person", "people", "henkilö", "henkilöä", "henkilöt", "henkilöistä"),
}

#: each kind of pair in words (English as the pairs table names it)
KIND_WORDS: dict[Language, dict[str, str]] = {
    "en": {"traditional": "traditional", "reverse": "reverse", "group": "group", "peer": "peer"},
    "fi": {"traditional": "perinteinen mentorointi", "reverse": "käänteismentorointi",
           "group": "ryhmämentorointi", "peer": "vertaismentorointi"},
}

#: a role as signed up for, in words
ROLE_WORDS: dict[Language, dict[str, str]] = {
    "en": {"mentor": "mentor", "mentee": "mentee", "peer": "peer", "any": "mentor or mentee"},
    "fi": {"mentor": "mentori", "mentee": "aktori", "peer": "vertainen", "any": "mentori tai aktori"},
}


def count(n: float, noun: str, language: Language) -> str:
    """``n`` and the noun in the right number and case: "1 year", "2 years", "1 vuosi", "2 vuotta"."""
    word = NOUNS[noun]
    one = n == 1
    if language == "en":
        return f"{_quantity(n, language)} {word.en_one if one else word.en_many}"
    return f"{_quantity(n, language)} {word.fi_one if one else word.fi_counted}"


def years(n: float, language: Language) -> str:
    return count(n, "year", language)


def noun(name: str, language: Language, plural: bool = False) -> str:
    """A counted noun on its own ("mentors" / "mentoria" as after a numeral)."""
    word = NOUNS[name]
    return (word.en_many if plural else word.en_one) if language == "en" else (
        word.fi_counted if plural else word.fi_one)


# --------------------------------------------------------------------------- lists and names


def listed(items: Sequence[str], language: Language, *, conjunction: str = "") -> str:
    """"a, b and c" ("a, b ja c"); ``conjunction`` replaces "and" ("or" / "tai")."""
    items = list(items)
    joiner = f" {conjunction or ('and' if language == 'en' else 'ja')} "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + joiner + items[-1]


def few(ids: Sequence[str], language: Language, most: int = 3) -> str:
    """At most ``most`` of ``ids`` by name, the rest counted: "A, B and C, and 15 more"."""
    shown = list(ids[:most])
    rest = len(ids) - len(shown)
    if not rest:
        return listed(shown, language)
    more = f"{rest} more" if language == "en" else f"{rest} muuta"
    return ", ".join(shown) + (f", and {more}" if language == "en" else f" sekä {more}")


def few_each(groups: Sequence[tuple[str, Sequence[str]]], language: Language, most: int = 3) -> list[str]:
    """Each group's ids, ``most`` names in all across the groups, the rest counted.

    One budget for a whole sentence: three rules ruling out five people each
    name three people, not fifteen ("no common language: A, B and 3 more; a
    personal exclusion: 5").
    """
    left, out = most, []
    for _, ids in groups:
        shown = min(left, len(ids))
        left -= shown
        out.append(few(ids, language, most=shown) if shown else str(len(ids)))
    return out


def shown_name(person: Participant) -> str:
    """How a participant is named to the people they are paired with: their name, else their id."""
    return person.name.strip() or person.id


# Languages by their ISO 639-1 code, as a reader names them (Finnish names are not capitalised).
_LANGUAGES: dict[str, tuple[str, str]] = {
    "fi": ("Finnish", "suomi"), "en": ("English", "englanti"), "sv": ("Swedish", "ruotsi"),
    "de": ("German", "saksa"), "fr": ("French", "ranska"), "es": ("Spanish", "espanja"),
    "ru": ("Russian", "venäjä"), "et": ("Estonian", "viro"), "ar": ("Arabic", "arabia"),
    "so": ("Somali", "somali"), "uk": ("Ukrainian", "ukraina"), "zh": ("Chinese", "kiina"),
    "fa": ("Persian", "persia"), "tr": ("Turkish", "turkki"), "it": ("Italian", "italia"),
    "se": ("Northern Sami", "pohjoissaame"), "et-ee": ("Estonian", "viro"),
}


def language_names(codes: Sequence[str], language: Language) -> str:
    """"Finnish and English" / "suomi ja englanti"; a code not known here is shown as given."""
    names = [_LANGUAGES[c.casefold()][0 if language == "en" else 1] if c.casefold() in _LANGUAGES else c
             for c in codes]
    return listed(names, language)


def area_words(areas: Sequence[str], language: Language) -> str:
    """Areas as written; a bare taxonomy key (what inference gives) by its label."""
    shown = [area_label(a, language) if (found := goal_area(a)) is not None and found.key == a else a for a in areas]
    return listed(shown, language)


# --------------------------------------------------------------------------- quotes


def excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted(text: str, language: Language, limit: int = 90) -> str:
    """A participant's own words in the quotation marks of the language: “…” in English, ”…” in Finnish."""
    return f"“{excerpt(text, limit)}”" if language == "en" else f"”{excerpt(text, limit)}”"
