"""One cell's text and what it means: cell values as text, each field's parser, cells never read.

The parsers accept the Finnish and English spellings of roles, meeting modes
and languages; each spelling read through an alias is recorded in
:class:`~mentorpair.io.read_notes.ReadNotes`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..model.frame import number_text
from ..model.vocab import MeetingMode, Role

if TYPE_CHECKING:  # pragma: no cover
    from .read_notes import ReadNotes

__all__ = [
    "FORMULA_START",
    "MAX_CELL_CHARS",
    "NOTED_FORMULA_START",
    "CellError",
    "cell_problem",
    "cell_text",
    "parse_cell",
]

#: A spreadsheet runs a cell starting with one of these as a formula (the
#: characters OWASP lists for CSV injection). Participants' text must never run,
#: so exports (mentorpair.result.export) write such a cell with a leading apostrophe.
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: The ones reading notes in Cohort.notes, a subset: cells are read stripped, so
#: a tab or carriage return never leads one, and '+' and '-' start much ordinary
#: text (phone numbers, negative numbers, list items), so that a note naming all
#: of those would hide the cells worth checking. Exports neutralise them all the same.
NOTED_FORMULA_START: tuple[str, ...] = tuple(c for c in FORMULA_START if c not in ("+", "-", "\t", "\r"))
#: The longest cell read, in characters: the most one spreadsheet cell can hold.
#: Longer text is a paste error (a whole document in a goal); it could not be
#: written back to Excel, and the encoder reads only the first few hundred words.
MAX_CELL_CHARS = 32_767
# Bytes that are not UTF-8 in a file that otherwise is, kept by 'surrogateescape'.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")

_LIST_FIELDS = frozenset({"goal_areas", "languages", "wishes", "exclusions"})
_TEXT_FIELDS = frozenset({"organisation", "goals", "offers", "location"})

# Keys are in _value_key form (case-folded, '-' and '_' as spaces).
_ROLE_ALIASES: dict[str, Role] = {
    "mentor": Role.MENTOR,
    "mentori": Role.MENTOR,
    "mentee": Role.MENTEE,
    # Finnish mentoring programmes call the mentee "aktori" (the active party).
    "aktori": Role.MENTEE,
    "mentoroitava": Role.MENTEE,
    "peer": Role.PEER,
    "vertainen": Role.PEER,
    "vertaismentori": Role.PEER,
    "any": Role.ANY,
    "either": Role.ANY,
    "kumpi tahansa": Role.ANY,
    "mikä tahansa": Role.ANY,
}
_ROLE_HELP = (
    "mentor, mentee, peer or any (in Finnish mentori, aktori, mentoroitava, "
    "vertainen, vertaismentori, kumpi tahansa, mikä tahansa)"
)

_MEETING_ALIASES: dict[str, MeetingMode] = {
    **dict.fromkeys(
        ["in person", "face to face", "lähi", "lähitapaaminen", "kasvokkain", "live"],
        MeetingMode.IN_PERSON,
    ),
    **dict.fromkeys(
        ["remote", "online", "etä", "etänä", "etätapaaminen", "virtuaalinen", "verkossa"],
        MeetingMode.REMOTE,
    ),
    # An empty cell means the participant did not restrict how to meet.
    **dict.fromkeys(["either", "both", "any", "kumpi tahansa", "molemmat", ""], MeetingMode.EITHER),
}
_MEETING_HELP = "in_person, remote or either (or e.g. 'online', 'face to face', 'lähi', 'etä', 'molemmat')"

# Language name (case-folded) -> ISO 639-1 code.
_LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "fi": ("fi", "fin", "suomi", "finnish", "finska"),
    "en": ("en", "eng", "englanti", "english", "engelska"),
    "sv": ("sv", "swe", "ruotsi", "swedish", "svenska"),
    "de": ("de", "deu", "ger", "saksa", "german", "deutsch", "tyska"),
    "fr": ("fr", "fra", "fre", "ranska", "french", "français", "francais", "franska"),
    "es": ("es", "spa", "espanja", "spanish", "español", "espanol", "spanska"),
    "ru": ("ru", "rus", "venäjä", "russian", "ryska"),
    "et": ("et", "est", "viro", "eesti", "estonian", "estniska"),
    "ar": ("ar", "ara", "arabia", "arabic", "arabiska"),
    "so": ("so", "som", "somali", "somalia", "somaliska"),
    "uk": ("uk", "ukr", "ukraina", "ukrainian"),
    "zh": ("zh", "zho", "chi", "kiina", "chinese"),
    "fa": ("fa", "fas", "per", "persia", "farsi", "persian"),
    "tr": ("tr", "tur", "turkki", "turkish"),
    "it": ("it", "ita", "italia", "italian", "italienska"),
}
_LANGUAGE_CODES: dict[str, str] = {name: code for code, names in _LANGUAGE_NAMES.items() for name in names}

_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_INTEGER = re.compile(r"([0-9]+)(?:([.,])(0+))?")


class CellError(ValueError):
    """A cell's text does not fit its field; the message is the problem's text."""


def _value_key(text: str) -> str:
    """Compare enumerated values without case, and with '-', '_' and runs of space alike."""
    return " ".join(re.sub(r"[-_]", " ", text.casefold()).split())


def cell_text(value: object) -> str:
    """A cell as stripped text, whatever type pandas or openpyxl gave it."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        # Spreadsheets store every number as a float: 3.0 means 3, and NaN an empty cell.
        return "" if math.isnan(value) else number_text(float(value))
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0) and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "|".join(cell_text(item) for item in value)
    return str(value).strip()


def _split_list(text: str) -> tuple[str, ...]:
    """Items separated by '|' (or by ',' when no '|' is present), in order, without repeats."""
    parts = text.split("|") if "|" in text else text.split(",")
    return tuple(dict.fromkeys(item for item in (part.strip() for part in parts) if item))


def _parse_role(text: str, notes: ReadNotes) -> Role:
    key = _value_key(text)
    role = _ROLE_ALIASES.get(key)
    if role is None:
        raise CellError(f"must be {_ROLE_HELP}, got {text!r}")
    if key != role.value:
        notes.add("role", key, role.value)
    return role


def _parse_meeting_mode(text: str, notes: ReadNotes) -> MeetingMode:
    key = _value_key(text)
    if key in ("in person", "either", "remote"):
        return MeetingMode(key.replace(" ", "_"))
    mode = _MEETING_ALIASES.get(key)
    if mode is None:
        raise CellError(f"must be {_MEETING_HELP}, got {text!r}")
    notes.add("meeting_mode", key, mode.value)
    return mode


def _parse_languages(text: str, notes: ReadNotes) -> tuple[str, ...]:
    codes = []
    for item in _split_list(text):
        name = " ".join(item.casefold().split())
        code = _LANGUAGE_CODES.get(name, name)
        if code != name:
            notes.add("languages", name, code)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _parse_references(name: str, text: str, row: int, notes: ReadNotes) -> tuple[str, ...]:
    """Wished or excluded ids, spelled as ids are (see :meth:`ReadNotes.identifier`)."""
    return tuple(dict.fromkeys(notes.identifier(name, row, item) for item in _split_list(text)))


def _parse_experience(text: str, row: int, notes: ReadNotes) -> float | None:
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        # "1,500" cannot mean fifteen hundred years, so a comma here is always a decimal comma.
        years = float(text.replace(",", "."))
        if years <= 80:
            if "," in text:
                notes.decimal_comma.setdefault("experience_years", []).append(row)
            return years
    raise CellError(f"must be a number of years from 0 to 80, got {text!r}")


def _parse_capacity(text: str, row: int, notes: ReadNotes) -> int | None:
    if not text:
        return None
    match = _INTEGER.fullmatch(text)
    if match and int(match.group(1)) >= 1:
        whole, mark, zeros = match.groups()
        if zeros is not None and len(zeros) == 3:
            # "1,000" is 1 with a decimal comma or 1000 with a thousands separator.
            raise CellError(
                f"is ambiguous: {text!r} could be {int(whole)} or {int(whole + zeros)} "
                "(a thousands separator); write the whole number without separators"
            )
        if mark == ",":
            notes.decimal_comma.setdefault("capacity", []).append(row)
        return int(whole)
    raise CellError(f"must be an integer >= 1, got {text!r}")


def parse_cell(name: str, text: str, row: int, notes: ReadNotes) -> object:
    """The value of canonical field ``name`` (not ``id``) read from ``text``."""
    if name in _TEXT_FIELDS:
        return text
    if name == "role":
        return _parse_role(text, notes)
    if name == "meeting_mode":
        return _parse_meeting_mode(text, notes)
    if name == "languages":
        return _parse_languages(text, notes)
    if name == "experience_years":
        return _parse_experience(text, row, notes)
    if name == "capacity":
        return _parse_capacity(text, row, notes)
    if name in ("wishes", "exclusions"):
        return _parse_references(name, text, row, notes)
    if name in _LIST_FIELDS:
        return _split_list(text)
    return text


def _not_utf8_message(text: str) -> str:
    byte = ord(_NOT_UTF8.search(text).group()) - 0xDC00  # type: ignore[union-attr]
    guess = text.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
    guess = guess if len(guess) <= 60 else guess[:57] + "..."
    return (
        f"is not UTF-8 text like the rest of the file (byte {byte:#04x}); read as cp1252 it would be "
        f"{guess!r}. The file mixes encodings: save it again as 'CSV UTF-8'"
    )


def cell_problem(text: str) -> str | None:
    """Why a cell cannot be read at all, whatever its field, or None."""
    if len(text) > MAX_CELL_CHARS:
        return (
            f"is {len(text):,} characters long; a cell may hold at most {MAX_CELL_CHARS:,} "
            "(the most a spreadsheet cell can hold)"
        )
    if not text.isascii() and _NOT_UTF8.search(text):
        return _not_utf8_message(text)
    return None
