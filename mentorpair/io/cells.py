"""One cell's text and what it means: cell values as text, each field's parser, cells never read.

The parsers accept the Finnish and English spellings of roles, meeting modes
and languages; each spelling read through an alias is recorded in
:class:`~mentorpair.io.read_notes.ReadNotes`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..model.frame import join_list, number_text
from ..model.vocab import MeetingMode, Role
from .availability import UnreadableAvailability, read_availability

if TYPE_CHECKING:  # pragma: no cover
    from .read_notes import ReadNotes

__all__ = [
    "FORMULA_START",
    "LIST_FIELDS",
    "MAX_CELL_CHARS",
    "NOTED_FORMULA_START",
    "CellError",
    "UnknownValue",
    "answer_key",
    "cell_problem",
    "cell_text",
    "known_answer",
    "parse_cell",
    "split_list",
    "value_text",
]

#: A spreadsheet runs a cell starting with one of these as a formula (the
#: characters OWASP lists for CSV injection). Participants' text must never run,
#: so exports (mentorpair.result.export) keep such a cell text: a workbook text cell, a CSV leading apostrophe.
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

LIST_FIELDS = frozenset({"goal_areas", "languages", "wishes", "exclusions"})
_TEXT_FIELDS = frozenset(
    {"organisation", "goals", "offers", "location", "name", "email", "first_name", "last_name", "time_zone"}
)

# Answers as sign-up forms word them, Finnish and English. Keys are compared in
# answer_key form (case, accents, '-', '_' and runs of space do not matter).
_ROLE_ALIASES: dict[str, Role] = {
    **dict.fromkeys(["mentor", "mentori", "mentorina", "as a mentor", "as mentor"], Role.MENTOR),
    # Finnish mentoring programmes call the mentee "aktori" (the active party).
    **dict.fromkeys(
        ["mentee", "aktori", "mentoroitava", "aktorina", "mentoroitavana", "as a mentee", "as mentee"], Role.MENTEE
    ),
    **dict.fromkeys(
        ["peer", "vertainen", "vertaismentori", "vertaisena", "vertaismentorina", "as a peer", "as peer",
         "peer mentor"],
        Role.PEER,
    ),
    **dict.fromkeys(
        ["any", "either", "kumpi tahansa", "mikä tahansa", "kumpi tahansa käy", "kumpi vain", "kumpi vain käy",
         "molemmat", "molemmat käyvät", "ei väliä", "either is fine", "either role", "both", "both are fine",
         "no preference"],
        Role.ANY,
    ),
}
_ROLE_HELP = (
    "mentor, mentee, peer or any (in Finnish mentori, aktori, mentoroitava, "
    "vertainen, vertaismentori, kumpi tahansa, mikä tahansa)"
)

_MEETING_ALIASES: dict[str, MeetingMode] = {
    **dict.fromkeys(
        ["in person", "face to face", "lähi", "lähitapaaminen", "kasvokkain", "live",
         "lähitapaamiset", "lähitapaamisina", "kasvotusten", "paikan päällä", "in person meetings",
         "face to face meetings"],
        MeetingMode.IN_PERSON,
    ),
    **dict.fromkeys(
        ["remote", "online", "etä", "etänä", "etätapaaminen", "virtuaalinen", "verkossa",
         "etätapaamiset", "etäyhteydellä", "videoyhteydellä", "remotely", "remote meetings", "online meetings",
         "video call"],
        MeetingMode.REMOTE,
    ),
    # An empty cell means the participant did not restrict how to meet.
    **dict.fromkeys(
        ["either", "both", "any", "kumpi tahansa", "molemmat", "",
         "molemmat käyvät", "molemmat käy", "kumpi tahansa käy", "ei väliä", "lähi tai etä",
         "both are fine", "both work", "either is fine", "no preference", "in person or remote",
         "in person or remotely"],
        MeetingMode.EITHER,
    ),
}
_MEETING_HELP = "in_person, remote or either (or e.g. 'online', 'face to face', 'lähi', 'etä', 'molemmat')"
# Video tools named in brackets after a meeting mode, as in "Etänä (Teams)": the tool does not change the mode.
_MEETING_TOOLS = frozenset(
    {"teams", "ms teams", "microsoft teams", "zoom", "google meet", "meet", "skype", "webex", "whereby", "jitsi",
     "hangouts", "signal", "whatsapp", "facetime"}
)

# Language name -> ISO 639-1 code.
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

_COMBINING = re.compile(r"[\u0300-\u036f]")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_LIST_SEPARATORS = re.compile(r"[;,\r\n]")


def answer_key(text: str) -> str:
    """Compare answers without case or accents, with '-', '_' and runs of space alike ('Etänä' = 'etana')."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return " ".join(re.sub(r"[-_]", " ", folded).split())


# The alias tables in answer_key form, as reading looks them up.
_ROLES: dict[str, str] = {answer_key(k): v.value for k, v in _ROLE_ALIASES.items()}
_MEETINGS: dict[str, str] = {answer_key(k): v.value for k, v in _MEETING_ALIASES.items()}
_LANGUAGES: dict[str, str] = {answer_key(k): v for k, v in _LANGUAGE_CODES.items()}
_TOOLS = frozenset(answer_key(tool) for tool in _MEETING_TOOLS)
# The values themselves, read without a note ('In-Person' is 'in_person').
_CANONICAL = {"role": frozenset(r.value for r in Role), "meeting_mode": frozenset(m.value for m in MeetingMode)}
_TOOL_WORDS = re.compile(r"^(?:esim|esimerkiksi|e ?g|eg|such as|kuten|via|with|in)\b\s*")


def _names_tools(text: str) -> bool:
    """Whether bracketed text names only video tools: 'Teams', 'esim. Zoom', 'Teams tai Zoom'."""
    text = _TOOL_WORDS.sub("", re.sub(r"[.:]", " ", text).strip()).strip()
    parts = [p.strip() for p in re.split(r"[,/&+]|\b(?:tai|or|ja|and)\b", text)]
    return bool(text) and all(p in _TOOLS for p in parts if p)


def _look_up(text: str, table: Mapping[str, str], *, tools: bool = False) -> str | None:
    """The value ``text`` names in an alias table, or None.

    Bracketed text is ignored where that is safe: when it names the same value
    ('Aktorina (mentoroitava)', 'Englanti (English)') or, where ``tools``, only
    video tools ('Etänä (Teams)'). Anything else in brackets may change the meaning.
    """
    # Most cells are already plain lower-case answers; the full fold only when that fails.
    value = table.get(" ".join(text.casefold().split()))
    if value is not None:
        return value
    key = answer_key(text)
    value = table.get(key)
    if value is not None or "(" not in key:
        return value
    inner = _BRACKETED.findall(key)
    value = table.get(" ".join(_BRACKETED.sub(" ", key).split()))
    if value is None:
        return None
    for part in (p.strip() for p in inner):
        if part and table.get(part) != value and not (tools and _names_tools(part)):
            return None
    return value


def _suggest(text: str, table: Mapping[str, str]) -> str | None:
    """The value an unknown answer most likely meant, for a 'did you mean'."""
    key = answer_key(text)
    base = " ".join(_BRACKETED.sub(" ", key).split())
    if base and base in table:
        return table[base]
    for candidate in dict.fromkeys([key, base]):
        close = difflib.get_close_matches(candidate, [k for k in table if k], n=1, cutoff=0.75)
        if close:
            return table[close[0]]
    return None


_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_INTEGER = re.compile(r"([0-9]+)(?:([.,])(0+))?")


class CellError(ValueError):
    """A cell's text does not fit its field; the message is the problem's text."""


class UnknownValue(CellError):
    """A cell holds none of the answers its field knows (reading reports each such value once)."""

    def __init__(self, text: str, expected: str, suggestion: str | None) -> None:
        self.text, self.expected, self.suggestion = text, expected, suggestion
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"must be {expected}, got {text!r}{hint}")


def _value_key(text: str) -> str:
    """An answer as noted: without case, and with '-', '_' and runs of space alike (accents kept)."""
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


def split_list(text: str) -> tuple[str, ...]:
    """Items separated by '|' or, when no '|' is present, by ';', ',' or line breaks; in order, without repeats.

    Forms join multiple choices with ';' (Microsoft Forms, Webropol), ', ' (Google
    Forms) or one per line; mentorpair writes '|', so that an item may hold a comma.
    """
    parts = text.split("|") if "|" in text else _LIST_SEPARATORS.split(text)
    return tuple(dict.fromkeys(item for item in (part.strip() for part in parts) if item))


def _note_answer(notes: ReadNotes, name: str, text: str, mapped: str) -> None:
    """Note an answer read through the caller's answers, unless only its case or spacing changed."""
    key = _value_key(text)
    if key != _value_key(mapped):
        notes.add(name, key, mapped)


def _answered_items(name: str, text: str, answers: Mapping[str, str], notes: ReadNotes) -> tuple[str, ...]:
    """A list cell's items with the caller's answers applied; an answer may itself hold a separator
    ('Johtaminen, strategia' in a comma-joined cell), so the longest run of items that is one wins."""
    whole = answers.get(answer_key(text))
    if whole is not None:
        _note_answer(notes, name, text, whole)
        return split_list(whole)
    separators = re.compile(r"\|") if "|" in text else _LIST_SEPARATORS
    # Piece k of the cell runs from just after separator k (or the start) to separator k + 1 (or the end).
    bounds = [-1, *(m.start() for m in separators.finditer(text)), len(text)]
    pieces = len(bounds) - 1
    span = 1 + max((len(separators.findall(key)) for key in answers), default=0)
    items: list[str] = []
    i = 0
    while i < pieces:
        for j in range(min(pieces, i + span), i, -1):
            original = text[bounds[i] + 1 : bounds[j]].strip()
            mapped = answers.get(answer_key(original)) if original else None
            if mapped is not None:
                _note_answer(notes, name, original, mapped)
                items.extend(split_list(mapped))
                i = j
                break
        else:
            piece = text[bounds[i] + 1 : bounds[i + 1]].strip()
            if piece:
                items.append(piece)
            i += 1
    return tuple(dict.fromkeys(items))


def _list_items(name: str, text: str, answers: Mapping[str, str] | None, notes: ReadNotes) -> tuple[str, ...]:
    return _answered_items(name, text, answers, notes) if answers else split_list(text)


def known_answer(name: str, text: str) -> str | None:
    """The canonical value the built-in answers give ``text`` in field ``name`` (role, meeting_mode
    or one language), or None: what reading would make of it without the caller's answers."""
    if name == "role":
        return _look_up(text, _ROLES)
    if name == "meeting_mode":
        return _look_up(text, _MEETINGS, tools=True)
    if name == "languages":
        return _look_up(text, _LANGUAGES)
    return None


def _choice(name: str, text: str, answers: Mapping[str, str] | None, notes: ReadNotes,
            table: Mapping[str, str], expected: str, *, tools: bool = False) -> str:
    """The canonical value of an enumerated field, the caller's answers first, each alias noted."""
    key = _value_key(text)
    if answers and (mapped := answers.get(answer_key(text))) is not None:
        _note_answer(notes, name, text, mapped)
        return mapped
    if key and (canonical := key.replace(" ", "_")) in _CANONICAL[name]:
        return canonical
    value = _look_up(text, table, tools=tools)
    if value is None:
        raise UnknownValue(text, expected, _suggest(text, {**table, **(answers or {})}))
    notes.add(name, key, value)
    return value


def _parse_role(text: str, notes: ReadNotes, answers: Mapping[str, str] | None = None) -> Role:
    return Role(_choice("role", text, answers, notes, _ROLES, _ROLE_HELP))


def _parse_meeting_mode(text: str, notes: ReadNotes, answers: Mapping[str, str] | None = None) -> MeetingMode:
    return MeetingMode(_choice("meeting_mode", text, answers, notes, _MEETINGS, _MEETING_HELP, tools=True))


def _parse_languages(text: str, notes: ReadNotes, answers: Mapping[str, str] | None = None) -> tuple[str, ...]:
    codes = []
    for item in _list_items("languages", text, answers, notes):
        name = " ".join(item.casefold().split())
        code = _look_up(item, _LANGUAGES) or name
        if code != name:
            notes.add("languages", name, code)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _parse_references(
    name: str, text: str, row: int, notes: ReadNotes, answers: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """Wished or excluded ids, spelled as ids are (see :meth:`ReadNotes.identifier`)."""
    items = _list_items(name, text, answers, notes)
    return tuple(dict.fromkeys(notes.identifier(name, row, item) for item in items))


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


def parse_cell(
    name: str, text: str, row: int, notes: ReadNotes, answers: Mapping[str, str] | None = None
) -> object:
    """The value of canonical field ``name`` (not ``id``) read from ``text``.

    ``answers`` maps answers in :func:`answer_key` form to the canonical text
    they stand for (the caller's own answer aliases, applied before the built-in
    ones, each use noted); in a list field they apply to items.
    """
    if answers and name not in LIST_FIELDS and name not in ("role", "meeting_mode"):
        mapped = answers.get(answer_key(text))
        if mapped is not None:
            _note_answer(notes, name, text, mapped)
            text = mapped
    if name in _TEXT_FIELDS:
        return text
    if name == "role":
        return _parse_role(text, notes, answers)
    if name == "meeting_mode":
        return _parse_meeting_mode(text, notes, answers)
    if name == "languages":
        return _parse_languages(text, notes, answers)
    if name == "experience_years":
        return _parse_experience(text, row, notes)
    if name == "capacity":
        return _parse_capacity(text, row, notes)
    if name == "availability":
        try:
            return read_availability(text)
        except UnreadableAvailability as exc:
            # Never dropped in silence: reading warns with the row, and the person counts as unknown.
            notes.unread_availability.append((row, name, text, str(exc)))
            return None
    if name in ("wishes", "exclusions"):
        return _parse_references(name, text, row, notes, answers)
    if name in LIST_FIELDS:
        return _list_items(name, text, answers, notes)
    return text


def value_text(value: object) -> str:
    """A parsed value as the canonical text that parses back to it (what ``cohort_to_pandas`` writes)."""
    if value is None:
        return ""
    if isinstance(value, (Role, MeetingMode)):
        return value.value
    if isinstance(value, tuple):
        return join_list(value)
    if isinstance(value, float):
        return number_text(value)
    return str(value)


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
