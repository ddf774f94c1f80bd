"""Reading and writing cohorts: CSV and Excel files and pandas DataFrames.

Every reader ends in one parser (:func:`from_pandas` and the readers share
``_table_to_cohort``), which checks every cell and raises a single
:class:`~mentorpair.ValidationError` listing every problem found, each with
its spreadsheet row (the header is row 1), the participant's id and the
canonical field name.

Whatever reading changes beyond stripping white space -- a detected encoding
or delimiter, a column or a value read through an alias, text rewritten in
Unicode's composed form (NFC), invisible characters removed from ids, a title
row or a repeated header row skipped, a decimal comma -- is listed in
:attr:`Cohort.notes`, so that no normalisation is silent. Facts a coordinator
should know about valid input (cells a spreadsheet would run as formulas, a
wish the other side excludes, a cohort where no pair is possible) are noted
there too. docs/input.md describes the format, every normalisation and every
kind of error.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import math
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import Problem, ValidationError
from ..model.cohort import Cohort, cohort_problems
from ..model.participant import Participant
from ..model.vocab import MeetingMode, Role

__all__ = [
    "CANONICAL_COLUMNS",
    "MAX_CELL_CHARS",
    "cohort_to_pandas",
    "from_pandas",
    "read_csv",
    "read_excel",
    "write_csv",
]

PathLike = str | os.PathLike[str]

#: The columns mentorpair reads, in the order it writes them.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "id",
    "role",
    "organisation",
    "experience_years",
    "goal_areas",
    "goals",
    "offers",
    "languages",
    "meeting_mode",
    "location",
    "capacity",
    "wishes",
    "exclusions",
)
_REQUIRED = ("id", "role")
_LIST_FIELDS = frozenset({"goal_areas", "languages", "wishes", "exclusions"})
_TEXT_FIELDS = frozenset({"organisation", "goals", "offers", "location"})

# Header (in _header_key form) -> canonical column. One table for every
# accepted spelling, so that reading and the typo check agree on what is known.
_COLUMN_ALIASES: dict[str, str] = {
    "id": "id",
    "tunniste": "id",
    "tunnus": "id",
    "participant_id": "id",
    "role": "role",
    "rooli": "role",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "organisaatio": "organisation",
    "experience_years": "experience_years",
    "kokemus_vuosina": "experience_years",
    "experience": "experience_years",
    "years_of_experience": "experience_years",
    "years_experience": "experience_years",
    "experience_in_years": "experience_years",
    "kokemus": "experience_years",
    "goal_areas": "goal_areas",
    "tavoitealueet": "goal_areas",
    "goal_area": "goal_areas",
    "focus_areas": "goal_areas",
    "tavoitealue": "goal_areas",
    "goals": "goals",
    "tavoitteet": "goals",
    "goal": "goals",
    "tavoite": "goals",
    "offers": "offers",
    "osaaminen": "offers",
    "offer": "offers",
    "expertise": "offers",
    "can_offer": "offers",
    "languages": "languages",
    "kielet": "languages",
    "language": "languages",
    "kieli": "languages",
    "meeting_mode": "meeting_mode",
    "tapaamistapa": "meeting_mode",
    "meeting": "meeting_mode",
    "meeting_preference": "meeting_mode",
    "location": "location",
    "paikkakunta": "location",
    "city": "location",
    "kaupunki": "location",
    "sijainti": "location",
    "capacity": "capacity",
    "kapasiteetti": "capacity",
    "max_mentees": "capacity",
    "wishes": "wishes",
    "toiveet": "wishes",
    "wish": "wishes",
    "toive": "wishes",
    "exclusions": "exclusions",
    "poissulut": "exclusions",
    "exclusion": "exclusions",
    "exclude": "exclusions",
    "poissulku": "exclusions",
}
_FINNISH_COLUMN = {
    "id": "tunniste",
    "role": "rooli",
}

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
_DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab"}
# DataFrame.attrs key that carries Cohort.notes through cohort_to_pandas/from_pandas,
# so that the round trip keeps what was recorded when the cohort was read.
_NOTES_ATTR = "mentorpair_notes"
#: The longest cell read, in characters: the most one spreadsheet cell can hold.
#: Longer text is a paste error (a whole document in a goal); it could not be
#: written back to Excel, and the encoder reads only the first few hundred words.
MAX_CELL_CHARS = 32_767
# Characters that show as nothing and only make equal-looking ids differ. The
# zero-width joiners U+200C and U+200D are left alone: emoji and scripts need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
# Bytes that are not UTF-8 in a file that otherwise is, kept by 'surrogateescape'.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
_UTF8_TEXT = re.compile("[^\x00-\x7f\udc80-\udcff]")
# A spreadsheet runs a cell starting with these as a formula (see export.py).
_FORMULA_START = ("=", "@")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _CellError(ValueError):
    """A cell's text does not fit its field; the message is the problem's text."""


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row as text cells. ``broken`` is why its cells cannot be trusted;
    ``resplit`` are its cells split at the delimiter it seems to use instead."""

    number: int
    cells: tuple[str, ...]
    broken: str | None = None
    resplit: tuple[str, ...] = ()


@dataclass(slots=True)
class _Columns:
    """Which column index feeds which canonical field, and the extra columns kept as given."""

    fields: dict[str, int] = field(default_factory=dict)
    extras: list[tuple[int, str]] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _ReadNotes:
    """What reading changed or found, gathered while parsing and reported once per kind.

    ``changed`` maps (row, column index) to a cell's text before NFC or a byte
    order mark was taken out (row ``None`` is the header), so that notes and
    duplicate-id messages can show what was written.
    """

    aliases: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    decimal_comma: dict[str, list[int]] = field(default_factory=dict)
    bom: list[tuple[int | None, int]] = field(default_factory=list)
    nfc: list[tuple[int | None, int]] = field(default_factory=list)
    changed: dict[tuple[int | None, int], str] = field(default_factory=dict)
    ids: list[tuple[str, int, str, str]] = field(default_factory=list)
    formulas: dict[str, list[str]] = field(default_factory=dict)
    header_rows: list[int] = field(default_factory=list)

    def add(self, name: str, original: str, canonical: str) -> None:
        per_field = self.aliases.setdefault(name, {})
        key = (original, canonical)
        per_field[key] = per_field.get(key, 0) + 1

    def clean(self, text: str, row: int | None, column: int) -> str:
        """``text`` without byte order marks and in NFC form, each change recorded."""
        if text.isascii():
            return text
        original = text
        if "\ufeff" in text:
            text = text.replace("\ufeff", "").strip()
            self.bom.append((row, column))
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            self.nfc.append((row, column))
        if text != original:
            self.changed[(row, column)] = original
        return text

    def identifier(self, name: str, row: int, text: str) -> str:
        """An id or a reference to one without invisible characters and with single spaces."""
        if text.isascii() and "  " not in text and "\t" not in text and "\n" not in text:
            return text
        fixed = " ".join(_INVISIBLE.sub("", text).split())
        if fixed != text:
            self.ids.append((name, row, text, fixed))
        return fixed

    def alias_lines(self) -> list[str]:
        out = []
        for name, uses in self.aliases.items():
            parts = [
                f"{'empty' if not original else repr(original)} as {canonical!r} ({_rows(count)})"
                for (original, canonical), count in uses.items()
            ]
            out.append(f"{name}: read {', '.join(parts)}")
        return out

    def cell_lines(self, column_name: Callable[[int], str]) -> list[str]:
        out = []
        if self.bom:
            out.append(
                f"removed the invisible byte order mark U+FEFF from {_cells(len(self.bom))} "
                f"({_where(self.bom, column_name)}); were two files joined together?"
            )
        if self.nfc:
            out.append(
                f"Unicode: rewrote {_cells(len(self.nfc))} in composed form (NFC), so that letters such as "
                f"'Ä' compare equal however they were typed ({_where(self.nfc, column_name)})"
            )
        if self.ids:
            shown = ", ".join(f"{before!r} as {after!r} ({name}, row {row})" for name, row, before, after in self.ids[:5])
            more = f" and {len(self.ids) - 5} more" if len(self.ids) > 5 else ""
            out.append(f"ids: removed invisible characters or extra white space: read {shown}{more}")
        for name, rows in self.decimal_comma.items():
            out.append(f"{name}: read a decimal comma as a decimal point ({_list_rows(rows)})")
        return out

    def content_lines(self) -> list[str]:
        # Named by participant id, not row, so that the note reads the same after a round trip.
        out = []
        for name, ids in self.formulas.items():
            out.append(
                f"{name}: {_cells(len(ids))} {'starts' if len(ids) == 1 else 'start'} with '=' or '@', "
                "which a spreadsheet would run as a formula; "
                f"kept as text, and exports write them with a leading apostrophe ({_list_ids(ids)})"
            )
        return out


def _cells(count: int) -> str:
    return f"{count} cell{'s' if count != 1 else ''}"


def _list_ids(ids: Sequence[str]) -> str:
    shown = ", ".join(map(repr, ids[:10]))
    more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    return f"participant{'s' if len(ids) != 1 else ''} {shown}{more}"


def _where(cells: Sequence[tuple[int | None, int]], column_name: Callable[[int], str]) -> str:
    """'Sähköposti: header; id: rows 3, 4' -- the cells grouped by column."""
    by_column: dict[str, list[int | None]] = {}
    for row, column in cells:
        by_column.setdefault(column_name(column), []).append(row)
    parts = []
    for name, rows in by_column.items():
        header = [r for r in rows if r is None]
        numbers = [r for r in rows if r is not None]
        if header:
            parts.append(f"{name}: header")
        if numbers:
            parts.append(f"{name}: {_list_rows(numbers)}")
    return "; ".join(parts)


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


# --------------------------------------------------------------------------- cells


def _header_key(header: str) -> str:
    """Compare headers without case, surrounding space or punctuation (ä/ö/å kept)."""
    return re.sub(r"\W+", "_", unicodedata.normalize("NFC", header).strip().casefold()).strip("_")


def _value_key(text: str) -> str:
    """Compare enumerated values without case, and with '-', '_' and runs of space alike."""
    return " ".join(re.sub(r"[-_]", " ", text.casefold()).split())


def _number_text(value: float) -> str:
    """Shortest text that reads back as exactly ``value``, without exponent or trailing '.0'."""
    if not math.isfinite(value):
        return repr(value)
    # repr() is the shortest exact form; Decimal spells out exponents like 1e-05.
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _cell_text(value: object) -> str:
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
        return "" if math.isnan(value) else _number_text(float(value))
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0) and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "|".join(_cell_text(item) for item in value)
    return str(value).strip()


def _split_list(text: str) -> tuple[str, ...]:
    """Items separated by '|' (or by ',' when no '|' is present), in order, without repeats."""
    parts = text.split("|") if "|" in text else text.split(",")
    return tuple(dict.fromkeys(item for item in (part.strip() for part in parts) if item))


def _parse_role(text: str, notes: _ReadNotes) -> Role:
    key = _value_key(text)
    role = _ROLE_ALIASES.get(key)
    if role is None:
        raise _CellError(f"must be {_ROLE_HELP}, got {text!r}")
    if key != role.value:
        notes.add("role", key, role.value)
    return role


def _parse_meeting_mode(text: str, notes: _ReadNotes) -> MeetingMode:
    key = _value_key(text)
    if key in ("in person", "either", "remote"):
        return MeetingMode(key.replace(" ", "_"))
    mode = _MEETING_ALIASES.get(key)
    if mode is None:
        raise _CellError(f"must be {_MEETING_HELP}, got {text!r}")
    notes.add("meeting_mode", key, mode.value)
    return mode


def _parse_languages(text: str, notes: _ReadNotes) -> tuple[str, ...]:
    codes = []
    for item in _split_list(text):
        name = " ".join(item.casefold().split())
        code = _LANGUAGE_CODES.get(name, name)
        if code != name:
            notes.add("languages", name, code)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _parse_references(name: str, text: str, row: int, notes: _ReadNotes) -> tuple[str, ...]:
    """Wished or excluded ids, spelled as ids are (see :meth:`_ReadNotes.identifier`)."""
    return tuple(dict.fromkeys(notes.identifier(name, row, item) for item in _split_list(text)))


def _parse_experience(text: str, row: int, notes: _ReadNotes) -> float | None:
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        # "1,500" cannot mean fifteen hundred years, so a comma here is always a decimal comma.
        years = float(text.replace(",", "."))
        if years <= 80:
            if "," in text:
                notes.decimal_comma.setdefault("experience_years", []).append(row)
            return years
    raise _CellError(f"must be a number of years from 0 to 80, got {text!r}")


def _parse_capacity(text: str, row: int, notes: _ReadNotes) -> int | None:
    if not text:
        return None
    match = _INTEGER.fullmatch(text)
    if match and int(match.group(1)) >= 1:
        whole, mark, zeros = match.groups()
        if zeros is not None and len(zeros) == 3:
            # "1,000" is 1 with a decimal comma or 1000 with a thousands separator.
            raise _CellError(
                f"is ambiguous: {text!r} could be {int(whole)} or {int(whole + zeros)} "
                "(a thousands separator); write the whole number without separators"
            )
        if mark == ",":
            notes.decimal_comma.setdefault("capacity", []).append(row)
        return int(whole)
    raise _CellError(f"must be an integer >= 1, got {text!r}")


def _parse_cell(name: str, text: str, row: int, notes: _ReadNotes) -> object:
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


# --------------------------------------------------------------------------- table -> cohort


def _canonical(header: str) -> str | None:
    """The canonical column a header names, or None."""
    return _COLUMN_ALIASES.get(_header_key(header))


def _names_required(cells: Sequence[str]) -> bool:
    """Whether these cells would do as a header: they name every required column."""
    found = {_canonical(cell) for cell in cells if cell}
    return all(name in found for name in _REQUIRED)


def _title_row_note(title: Sequence[str], title_row: int, header_row: int) -> str:
    shown = [cell for cell in title if cell]
    more = ", ..." if len(shown) > 3 else ""
    return (
        f"row {title_row} ({', '.join(map(repr, shown[:3]))}{more}) is a title row above the header "
        f"on row {header_row}; it was not read as data"
    )


def _not_utf8_message(text: str) -> str:
    byte = ord(_NOT_UTF8.search(text).group()) - 0xDC00  # type: ignore[union-attr]
    guess = text.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
    guess = guess if len(guess) <= 60 else guess[:57] + "..."
    return (
        f"is not UTF-8 text like the rest of the file (byte {byte:#04x}); read as cp1252 it would be "
        f"{guess!r}. The file mixes encodings: save it again as 'CSV UTF-8'"
    )


def _cell_problem(text: str) -> str | None:
    """Why a cell cannot be read at all, whatever its field, or None."""
    if len(text) > MAX_CELL_CHARS:
        return (
            f"is {len(text):,} characters long; a cell may hold at most {MAX_CELL_CHARS:,} "
            "(the most a spreadsheet cell can hold)"
        )
    if not text.isascii() and _NOT_UTF8.search(text):
        return _not_utf8_message(text)
    return None


def _map_columns(headers: Sequence[str], rows: Sequence[_Row]) -> tuple[_Columns, list[Problem]]:
    """Assign each header to a canonical field or keep it as an extra column."""
    columns = _Columns()
    problems: list[Problem] = []
    extra_keys: dict[str, str] = {}
    for index, header in enumerate(headers):
        if not header:
            # A column with neither header nor values is just spreadsheet padding.
            if any(index < len(r.cells) and r.cells[index] for r in rows if r.broken is None):
                problems.append(Problem(f"column {index + 1} has values but no header"))
            continue
        problem = _cell_problem(header)
        if problem is not None:
            problems.append(Problem(f"the header of column {index + 1} {problem}"))
            continue
        key = _header_key(header)
        canonical = _COLUMN_ALIASES.get(key)
        if canonical is None:
            close = difflib.get_close_matches(key, _COLUMN_ALIASES, n=1, cutoff=0.8)
            if close:
                problems.append(Problem(f"unknown column {header!r}; did you mean {close[0]!r}?", field=header))
            elif key in extra_keys:
                problems.append(Problem(f"column appears twice ({extra_keys[key]!r} and {header!r})", field=header))
            else:
                extra_keys[key] = header
                columns.extras.append((index, header))
            continue
        if canonical in columns.fields:
            first = headers[columns.fields[canonical]]
            problems.append(Problem(f"given by two columns, {first!r} and {header!r}", field=canonical))
            continue
        columns.fields[canonical] = index
        if key != canonical:
            columns.renamed.append(f"{header!r} as {canonical!r}")
    for name in _REQUIRED:
        if name not in columns.fields:
            problems.append(
                Problem(f"required column is missing; name it {name!r} (or {_FINNISH_COLUMN[name]!r})", field=name)
            )
    return columns, problems


def _header_again(row: _Row, headers: Sequence[str], columns: _Columns, header_row: int) -> bool | Problem:
    """Whether a data row is another header row: True when it names the same columns, a
    Problem when it names others (what follows it would be read into the wrong fields)."""
    id_index, role_index = columns.fields.get("id"), columns.fields.get("role")
    if id_index is None or role_index is None or max(id_index, role_index) >= len(row.cells):
        return False
    # A participant's role cell holds a role; a header's holds a column name.
    if _canonical(row.cells[role_index]) is None or _canonical(row.cells[id_index]) is None:
        return False
    for index, cell in enumerate(row.cells):
        expected = headers[index] if index < len(headers) else ""
        if cell and (not expected or (_canonical(cell) or _header_key(cell)) != (
            _canonical(expected) or _header_key(expected)
        )):
            return Problem(
                f"is a second header row whose columns differ from the header on row {header_row}: "
                f"column {index + 1} is {cell!r} here but {expected!r} there, so the rows below it would be "
                "read into the wrong fields; were two files with different columns joined together?",
                row=row.number,
            )
    return True


def _row_participant(
    row: _Row, columns: _Columns, notes: _ReadNotes
) -> tuple[Participant | None, Participant | None, list[Problem]]:
    """Parse one row: (participant if the row is clean, stand-in for cross-row checks, problems)."""
    id_index = columns.fields.get("id")
    raw_id = row.cells[id_index] if id_index is not None and id_index < len(row.cells) else ""
    pid = notes.identifier("id", row.number, raw_id) if raw_id else ""
    if row.broken is not None and id_index is not None and id_index < len(row.resplit):
        # The row used another delimiter: its id is where the header says, once split that way.
        pid = notes.identifier("id", row.number, unicodedata.normalize("NFC", row.resplit[id_index].strip()))
    if row.broken is not None:
        # Misaligned cells would only produce misleading problems; keep the id for duplicate checks.
        stand_in = Participant(id=pid, role=Role.ANY, row=row.number) if pid else None
        return None, stand_in, [Problem(row.broken, row=row.number, participant=pid or None)]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    # One look at the whole row spares the per-cell checks on the usual short ASCII row.
    joined = "".join(row.cells)
    suspect = not joined.isascii() or len(joined) > MAX_CELL_CHARS
    formula_like = "=" in joined or "@" in joined
    for name, index in columns.fields.items():
        text = row.cells[index]
        if suspect and (problem := _cell_problem(text)) is not None:
            problems.append(Problem(problem, row=row.number, participant=pid or None, field=name))
            continue
        if formula_like and pid and text.startswith(_FORMULA_START):
            notes.formulas.setdefault(name, []).append(pid)
        if name == "id":
            continue
        try:
            values[name] = _parse_cell(name, text, row.number, notes)
        except _CellError as exc:
            problems.append(Problem(str(exc), row=row.number, participant=pid or None, field=name))
    extra = []
    for index, header in columns.extras:
        text = row.cells[index]
        if suspect and (problem := _cell_problem(text)) is not None:
            problems.append(Problem(problem, row=row.number, participant=pid or None, field=header))
        elif text:
            if formula_like and pid and text.startswith(_FORMULA_START):
                notes.formulas.setdefault(header, []).append(pid)
            extra.append((header, text))
    if id_index is not None and not pid:
        problems.insert(0, Problem("must not be empty", row=row.number, field="id"))
    if not pid:
        return None, None, problems
    try:
        candidate = Participant(**{"role": Role.ANY, **values}, id=pid, row=row.number, extra=tuple(extra))
    except ValidationError as exc:
        problems.extend(exc.problems)
        candidate = Participant(id=pid, role=Role.ANY, row=row.number)
    clean = not problems and "role" in values
    return (candidate if clean else None), candidate, problems


_DUPLICATE = re.compile(r"duplicate id; also used on row (\d+)")


def _explain_respelled_duplicates(
    problems: list[Problem], respelled: dict[int, str]
) -> list[Problem]:
    """Say why two ids that were written differently count as the same one."""
    out = []
    for p in problems:
        match = _DUPLICATE.fullmatch(p.message) if p.field == "id" and p.row is not None else None
        other = int(match.group(1)) if match else None
        if match and other is not None and (p.row in respelled or other in respelled):
            assert p.row is not None and p.participant is not None
            here, there = respelled.get(p.row, p.participant), respelled.get(other, p.participant)
            # Letters composed differently look the same on screen; their code points show the difference.
            points = "" if (there + here).isascii() else f" (code points {ascii(there)} and {ascii(here)})"
            p = Problem(
                f"duplicate id; also used on row {other}: {there!r} there and {here!r} here{points} are the same "
                "id once Unicode composition (NFC), invisible characters and white space are made alike",
                row=p.row, participant=p.participant, field=p.field,
            )
        out.append(p)
    return out


def _cohort_facts(participants: Sequence[Participant]) -> list[str]:
    """Notes on valid input that will not match as the coordinator may expect."""
    out = []
    by_id = {p.id: p for p in participants}
    clashes = [(p.id, w) for p in participants for w in p.wishes if w in by_id and p.id in by_id[w].exclusions]
    if clashes:
        shown = ", ".join(f"{a!r} wishes for {b!r}" for a, b in clashes[:5])
        more = f" and {len(clashes) - 5} more" if len(clashes) > 5 else ""
        noun = "wish names someone who excludes" if len(clashes) == 1 else "wishes name someone who excludes"
        out.append(f"wishes: {len(clashes)} {noun} the wisher; the exclusion wins ({shown}{more})")
    # Whatever the rules: a mentor gives to a different mentee (either may be 'any'),
    # and two peers (role 'peer' or 'any') may pair with each other.
    givers = [p for p in participants if p.role.can_give]
    receivers = [p for p in participants if p.role.can_receive]
    peers = [p for p in participants if p.role in (Role.PEER, Role.ANY)]
    directed = bool(givers) and bool(receivers) and not (len(givers) == len(receivers) == 1 and givers[0] is receivers[0])
    if not directed and len(peers) < 2:
        if not receivers:
            why = "nobody can be a mentee (role 'mentee' or 'any')"
        elif not givers:
            why = "nobody can be a mentor (role 'mentor' or 'any')"
        else:
            why = f"only {givers[0].id!r} can be a mentor or a mentee"
        if peers:
            why += f" and only {peers[0].id!r} can be paired as a peer"
        else:
            why += " and nobody can be paired as a peer (role 'peer' or 'any')"
        out.append(f"no pairs are possible whatever the rules: {why}, so everybody will be left unmatched")
    return out


def _table_to_cohort(
    headers: Sequence[str],
    rows: Sequence[_Row],
    notes: Iterable[str] = (),
    early_problems: Iterable[Problem] = (),
    header_row: int = 1,
) -> Cohort:
    """Check and convert text cells to a Cohort, raising one ValidationError with every problem."""
    notes = list(notes)
    problems = list(early_problems)
    if not any(headers) and not any(any(r.cells) for r in rows):
        raise ValidationError([*problems, Problem("no participants")], what="input")
    read = _ReadNotes()
    headers = [read.clean(header, None, index) for index, header in enumerate(headers)]
    rows = [
        row if "".join(row.cells).isascii()
        else _Row(row.number, tuple(read.clean(c, row.number, i) for i, c in enumerate(row.cells)), row.broken,
                  row.resplit)
        for row in rows
    ]
    columns, column_problems = _map_columns(headers, rows)
    problems.extend(column_problems)
    if columns.renamed:
        notes.append(f"columns: read {', '.join(columns.renamed)}")
    participants: list[Participant] = []
    checked: list[Participant] = []
    blank: list[int] = []
    for row in rows:
        if not any(row.cells):
            blank.append(row.number)
            continue
        again = _header_again(row, headers, columns, header_row)
        if again is True:
            read.header_rows.append(row.number)
            continue
        if isinstance(again, Problem):
            problems.append(again)
            continue
        clean, stand_in, row_problems = _row_participant(row, columns, read)
        problems.extend(row_problems)
        if stand_in is not None:
            checked.append(stand_in)
        if clean is not None:
            participants.append(clean)
    if len(blank) + len(read.header_rows) == len(rows):
        problems.append(Problem("no participants"))
    # Stand-ins of faulty rows take part so that duplicates and wishes naming them are judged right.
    id_index = columns.fields.get("id")
    respelled = {row: before for name, row, before, _ in read.ids if name == "id"}
    respelled.update({row: before for (row, index), before in read.changed.items() if row and index == id_index})
    problems.extend(_explain_respelled_duplicates(cohort_problems(checked), respelled))
    if problems:
        # Column problems (no row) first, then top to bottom as the coordinator reads the sheet.
        problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        raise ValidationError(problems, what="input")
    names = {index: name for name, index in columns.fields.items()} | dict(columns.extras)

    def column_name(index: int) -> str:
        return names.get(index) or f"column {index + 1}"

    notes.extend(read.alias_lines())
    notes.extend(read.cell_lines(column_name))
    if read.header_rows:
        count = len(read.header_rows)
        notes.append(
            f"skipped {count} repeated header row{'s' if count != 1 else ''} ({_list_rows(read.header_rows)}); "
            "were files joined together?"
        )
    if blank:
        notes.append(f"skipped {len(blank)} empty row{'s' if len(blank) != 1 else ''} ({_list_rows(blank)})")
    notes.extend(read.content_lines())
    notes.extend(_cohort_facts(participants))
    return Cohort(tuple(participants), notes=tuple(dict.fromkeys(notes)), columns=tuple(headers))


def _list_rows(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"row{'s' if len(numbers) != 1 else ''} {shown}{more}"


def _broken_row(cells: Sequence[str], width: int, sep: str | None) -> tuple[str, tuple[str, ...]]:
    """Why a row's cells cannot be trusted, with a guess at the cause where one is likely,
    and the row split at the delimiter it seems to use instead (empty when none fits)."""
    count = len(cells)
    message = f"has {count} cell{'s' if count != 1 else ''} but the header has {width} columns"
    if sep is None:
        return message, ()
    joined = sep.join(cells)
    for other in _DELIMITERS:
        if other != sep and other in joined and len(joined.split(other)) == width:
            return (
                f"{message}; it looks separated by {_DELIMITER_NAMES[other]} while the rest of the file "
                f"uses {_DELIMITER_NAMES[sep]}",
                tuple(joined.split(other)),
            )
    if sep == "," and count > width and any(a.isdigit() and b.isdigit() for a, b in zip(cells, cells[1:])):
        return (
            f"{message}; a decimal comma as in 3,5 splits a number in two in a comma-separated file: "
            'write 3.5 or put the number in quotes ("3,5")',
            (),
        )
    return message, ()


def _records_to_cohort(
    records: Sequence[Sequence[str]],
    notes: Iterable[str] = (),
    early_problems: Iterable[Problem] = (),
    sep: str | None = None,
) -> Cohort:
    """Treat the first non-empty record as the header; record i is spreadsheet row i + 1.

    A first record that does not name the required columns, followed by one
    that does, is a title row (merged group headings in a form tool's export)
    and is skipped with a note.
    """
    notes = list(notes)
    filled = [i for i, record in enumerate(records) if any(record)]
    start = filled[0] if filled else len(records)
    if len(filled) > 1 and not _names_required(records[start]) and _names_required(records[filled[1]]):
        notes.append(_title_row_note(records[start], start + 1, filled[1] + 1))
        start = filled[1]
    headers = list(records[start]) if start < len(records) else []
    rows = []
    for i in range(start + 1, len(records)):
        cells = list(records[i])
        # Trailing delimiters past the header are spreadsheet padding, not data.
        while len(cells) > len(headers) and not cells[-1]:
            cells.pop()
        broken: str | None = None
        resplit: tuple[str, ...] = ()
        if len(cells) != len(headers) and any(cells):
            broken, resplit = _broken_row(cells, len(headers), sep)
        rows.append(_Row(i + 1, tuple(cells), broken, resplit))
    return _table_to_cohort(headers, rows, notes, early_problems, header_row=start + 1)


# --------------------------------------------------------------------------- public API


def from_pandas(df: pd.DataFrame) -> Cohort:
    """Build a cohort from a DataFrame with one participant per row.

    Headers may be canonical names, Finnish names or common English variants,
    in any order; columns mentorpair does not use are kept in
    :attr:`Participant.extra`. Cells may be text or numbers.

    Parameters
    ----------
    df
        The sign-ups. Only the ``id`` and ``role`` columns are required.

    Returns
    -------
    Cohort
        The participants in row order. ``notes`` carries over any notes that
        :func:`cohort_to_pandas` stored in ``df.attrs``, plus those of this read.

    Raises
    ------
    ValidationError
        Listing every problem found, each with its row (the DataFrame's
        position + 2, as a spreadsheet with a header row counts), participant
        and canonical field.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"tunniste": ["M1", "A1"], "rooli": ["mentori", "aktori"]})
    >>> from_pandas(df)
    Cohort(2 participants: 1 mentor, 1 mentee)
    """
    headers = [_cell_text(column) for column in df.columns]
    rows = [
        _Row(position + 2, tuple(_cell_text(value) for value in values))
        for position, values in enumerate(df.itertuples(index=False, name=None))
    ]
    notes = [str(note) for note in df.attrs.get(_NOTES_ATTR, ())]
    header_row = 1
    first = next((i for i, row in enumerate(rows) if any(row.cells)), None)
    if first is not None and not _names_required(headers) and _names_required(rows[first].cells):
        # The frame's columns are a title row (e.g. read from a form tool's export); the header is below.
        header_row = rows[first].number
        notes.append(_title_row_note(headers, 1, header_row))
        headers, rows = list(rows[first].cells), rows[first + 1 :]
    return _table_to_cohort(headers, rows, notes, header_row=header_row)


def cohort_to_pandas(cohort: Cohort) -> pd.DataFrame:
    """One text row per participant, readable back with :func:`from_pandas`.

    Parameters
    ----------
    cohort
        The cohort to convert.

    Returns
    -------
    pandas.DataFrame
        The canonical columns in canonical order followed by the extra columns
        read with the cohort. Every cell is text: lists joined with ``"|"``,
        ``None`` as ``""``, roles and meeting modes as their values. The
        cohort's notes travel in ``df.attrs`` so that
        ``from_pandas(cohort_to_pandas(c)) == c``.
    """
    extras = _extra_headers(cohort)
    records = [_participant_cells(p, extras) for p in cohort]
    df = pd.DataFrame(records, columns=[*CANONICAL_COLUMNS, *extras], dtype=object)
    df.attrs[_NOTES_ATTR] = list(cohort.notes)
    return df


def _extra_headers(cohort: Cohort) -> list[str]:
    """Extra columns in the order read, including ones left empty for everybody."""
    headers = [h for h in cohort.columns if h and _COLUMN_ALIASES.get(_header_key(h)) is None]
    headers.extend(h for p in cohort for h, _ in p.extra)
    headers = list(dict.fromkeys(headers))
    clashing = [h for h in headers if _COLUMN_ALIASES.get(_header_key(h)) is not None]
    if clashing:
        raise ValidationError(
            [Problem("extra column has the name of a mentorpair column", field=h) for h in clashing], what="cohort"
        )
    return headers


def _join_list(items: Sequence[str]) -> str:
    # A lone item containing ',' would be split on read; a trailing '|' keeps it whole.
    if len(items) == 1 and "," in items[0]:
        return f"{items[0]}|"
    return "|".join(items)


def _participant_cells(p: Participant, extras: Sequence[str]) -> list[str]:
    extra = dict(p.extra)
    return [
        p.id,
        p.role.value,
        p.organisation,
        "" if p.experience_years is None else _number_text(p.experience_years),
        _join_list(p.goal_areas),
        p.goals,
        p.offers,
        _join_list(p.languages),
        p.meeting_mode.value,
        p.location,
        "" if p.capacity is None else str(p.capacity),
        _join_list(p.wishes),
        _join_list(p.exclusions),
        *(extra.get(h, "") for h in extras),
    ]


def read_csv(path: PathLike, *, encoding: str | None = None, sep: str | None = None) -> Cohort:
    """Read a cohort from a CSV file as saved by Excel, LibreOffice or a form tool.

    Parameters
    ----------
    path
        The file.
    encoding
        Text encoding. ``None`` detects UTF-8 (with or without a byte order
        mark), UTF-16 with a byte order mark, or else cp1252 (what Finnish
        Windows Excel saves). A UTF-8 file with some cells in another
        encoding is refused cell by cell; a workbook, an old ``.xls`` or a
        file with NUL bytes is refused with a message naming what it is.
    sep
        Delimiter. ``None`` uses Excel's ``sep=`` first line when there is
        one, else detects ``;``, ``,`` or tab.

    Returns
    -------
    Cohort
        ``notes`` says which encoding and delimiter were detected.

    Raises
    ------
    ValidationError
        Listing every problem, with spreadsheet rows (header = row 1). Broken
        quoting or rows with the wrong number of cells are reported by row,
        the latter with a hint when a mixed delimiter or an unquoted decimal
        comma is the likely cause. Cells longer than :data:`MAX_CELL_CHARS`
        are refused.
    """
    data = Path(path).read_bytes()
    notes: list[str] = []
    text, encoding_note = _decode(data, encoding)
    if encoding_note:
        notes.append(encoding_note)
    # Excel writes and honours a first line "sep=;" naming the delimiter; it is not a row.
    hint = re.match(r"sep=(.)\r?(?:\n|$)", text)
    if hint:
        text = text[hint.end() :]
    if sep is None and hint:
        sep = hint.group(1)
        notes.append(f"delimiter {_DELIMITER_NAMES.get(sep, repr(sep))} taken from the 'sep=' line")
    elif sep is None:
        sep = _detect_delimiter(text)
        notes.append(f"delimiter {_DELIMITER_NAMES[sep]} detected")
    elif len(sep) != 1:
        raise ValidationError([Problem(f"must be a single character, got {sep!r}", field="sep")], what="arguments")
    return _records_to_cohort(_csv_records(text, sep), notes, sep=sep)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str | None]:
    """The file's text, and a note naming the encoding when it was detected.

    A file that is UTF-8 except for some cells (rows pasted in from a cp1252
    file) is read with those bytes kept as lone surrogates, so that each such
    cell is reported with its row, participant and field.
    """
    if encoding is not None:
        _refuse_binary(data, allow_nul=True)
        try:
            # A byte order mark is not part of the header even when the encoding was named.
            return _decode_as(data, encoding).removeprefix("\ufeff"), None
        except LookupError:
            raise ValidationError(
                [Problem(f"unknown encoding {encoding!r}", field="encoding")], what="arguments"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        # Excel's "Unicode text" export.
        return _decode_as(data, "utf-16"), "read as UTF-16"
    _refuse_binary(data, allow_nul=False)
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), "read as UTF-8 (with byte order mark)"
        except UnicodeDecodeError:
            # The mark says UTF-8: bytes that are not are cells from another encoding.
            return body.decode("utf-8", "surrogateescape"), "read as UTF-8 (with byte order mark)"
    try:
        return data.decode("utf-8"), "read as UTF-8"
    except UnicodeDecodeError:
        pass
    mixed = data.decode("utf-8", "surrogateescape")
    if _UTF8_TEXT.search(mixed):
        # Some letters are proper UTF-8, so the rest is not cp1252 text but a mix.
        return mixed, "read as UTF-8"
    return _decode_as(data, "cp1252", also_tried="UTF-8"), "read as cp1252"


def _refuse_binary(data: bytes, *, allow_nul: bool) -> None:
    """Stop early, with a useful message, on a workbook or other binary file given as CSV."""
    message = None
    if data.startswith(_ZIP_MAGIC):
        message = "is an Excel .xlsx workbook (or another zip file), not CSV text; read it with read_excel"
    elif data.startswith(_OLE_MAGIC):
        message = (
            "is an old Excel .xls workbook or a password-protected file, not CSV text; "
            "save it as 'CSV UTF-8' or as an .xlsx workbook without a password"
        )
    elif not allow_nul and b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        message = (
            f"contains NUL bytes (the first on line {line}): it is UTF-16 text without a byte order mark "
            "or not a text file at all; save it as 'CSV UTF-8'"
        )
    if message is not None:
        raise ValidationError([Problem(message)], what="input")


def _decode_as(data: bytes, encoding: str, also_tried: str | None = None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        tried = f"{also_tried} or {encoding}" if also_tried else encoding
        raise ValidationError(
            [
                Problem(
                    f"cannot be read as {tried} text (byte {data[exc.start]:#04x} on line {line}); "
                    "save it as 'CSV UTF-8' or name the encoding"
                )
            ],
            what="input",
        ) from None


def _detect_delimiter(text: str) -> str:
    """The Sniffer's choice among ; , and tab if the header line has it, else the header's commonest."""
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    # The Sniffer can be fooled by commas in free text or decimal commas; the
    # header line holds only column names, so a delimiter absent from it is wrong.
    if sniffed is not None and counts.get(sniffed, 0) > 0:
        return sniffed
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _csv_records(text: str, sep: str) -> list[list[str]]:
    """All records as stripped cells; broken quoting is reported with the row it starts."""
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=sep,
        quotechar='"',
        doublequote=True,
        skipinitialspace=True,
        strict=True,
    )
    records: list[list[str]] = []
    # The csv module refuses cells over 128 KiB as a "field larger than field limit"
    # error, which would read as broken quoting; long cells are judged by their field
    # instead (see MAX_CELL_CHARS). The limit is global, so it is restored after.
    limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1, 2**20))
    try:
        while True:
            start_line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return records
            except csv.Error as exc:
                # Past a broken quote, the rest of the file cannot be aligned reliably,
                # so this is the one problem reported.
                raise ValidationError(
                    [
                        Problem(
                            f"broken quoting: {exc} (the row starts on line {start_line}); "
                            'check that every cell opened with " is closed with "',
                            row=len(records) + 1,
                        )
                    ],
                    what="input",
                ) from None
            records.append([cell.strip() for cell in record])
    finally:
        csv.field_size_limit(limit)


def read_excel(path: PathLike, *, sheet: str | int | None = None) -> Cohort:
    """Read a cohort from an Excel ``.xlsx`` workbook.

    Parameters
    ----------
    path
        The workbook.
    sheet
        Sheet name or 0-based position; ``None`` reads the first sheet.

    Returns
    -------
    Cohort
        ``notes`` names the sheet read. Numbers are read as a person would
        write them (3.0 as ``3``), dates as ISO dates. A formula cell is read
        as the result the workbook saved for it, or as the formula's text
        when it has none (a workbook written by a script); spreadsheet error
        values such as ``#N/A`` are read as that text. Each is noted.

    Raises
    ------
    ValidationError
        Listing every problem, with the sheet's row numbers. An old ``.xls``
        or a password-protected workbook is refused with a message saying so.
    """
    with open(path, "rb") as handle:
        if handle.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
            raise ValidationError(
                [
                    Problem(
                        "is an old Excel .xls workbook or a password-protected file, which cannot be read; "
                        "save it as an .xlsx workbook without a password, or as 'CSV UTF-8'"
                    )
                ],
                what="input",
            )
    name, grid = _sheet_cells(path, sheet, data_only=False)
    notes = [f"read sheet {name!r}"]
    formulas = [(i, j) for i, row in enumerate(grid) for j, (_, kind) in enumerate(row) if kind == "f"]
    if formulas:
        # A workbook saved by a spreadsheet program stores each formula's result as
        # shown on screen; one written by a script has none, and then the formula
        # text itself is what the person typed.
        _, results = _sheet_cells(path, name, data_only=True)
        saved, unsaved = [], []
        for i, j in formulas:
            value = results[i][j][0] if i < len(results) and j < len(results[i]) else None
            if value is None:
                unsaved.append(i + 1)
            else:
                grid[i][j] = (value, "n")
                saved.append(i + 1)
        if saved:
            notes.append(
                f"read the saved result of {_cells(len(saved))} holding a formula ({_list_rows(sorted(set(saved)))})"
            )
        if unsaved:
            notes.append(
                f"{_cells(len(unsaved))} holding a formula {'have' if len(unsaved) != 1 else 'has'} no saved result "
                "(the workbook was not saved by a spreadsheet program); read the formula itself as text "
                f"({_list_rows(sorted(set(unsaved)))})"
            )
    errors = sorted({i + 1 for i, row in enumerate(grid) for value, kind in row if kind == "e"})
    if errors:
        shown = sorted({str(value) for row in grid for value, kind in row if kind == "e"})
        notes.append(
            f"cells holding spreadsheet errors ({', '.join(map(repr, shown[:3]))}) were read as that text "
            f"({_list_rows(errors)})"
        )
    records = [[_cell_text(value) for value, _ in row] for row in grid]
    while records and not any(records[-1]):
        records.pop()
    # A sheet stores no cells past a row's last value; those are empty, not missing.
    width = max((len(record) for record in records), default=0)
    records = [record + [""] * (width - len(record)) for record in records]
    return _records_to_cohort(records, notes)


def _sheet_cells(path: PathLike, sheet: str | int | None, *, data_only: bool) -> tuple[str, list[list[tuple[Any, str]]]]:
    """The sheet's name and its cells as (value, openpyxl data type), row by row from row 1."""
    # Imported here: only workbooks need it, and importing mentorpair.io stays lighter.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    errors = (*_WORKBOOK_ERRORS, InvalidFileException)
    with warnings.catch_warnings(), open(path, "rb") as handle:
        # openpyxl warns about styles and extensions it drops; cell values are unaffected.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            # A file object, not the path, so that openpyxl does not judge by the file's extension.
            book = load_workbook(handle, read_only=True, data_only=data_only, keep_links=False)
        except errors as exc:
            raise ValidationError(
                [Problem(f"cannot be read as an Excel .xlsx workbook ({type(exc).__name__}: {exc})")], what="input"
            ) from None
        try:
            name = _sheet_name(book.sheetnames, sheet)
            worksheet = book[name]
            # Some tools write a wrong size into the sheet; read every row there is.
            worksheet.reset_dimensions()
            grid = [[(cell.value, cell.data_type) for cell in row] for row in worksheet.iter_rows()]
        except ValidationError:
            raise
        except errors as exc:
            raise ValidationError(
                [Problem(f"cannot be read as an Excel .xlsx workbook ({type(exc).__name__}: {exc})")], what="input"
            ) from None
        finally:
            book.close()
    return name, grid


# What openpyxl raises on a damaged or foreign file: a broken zip, a missing part,
# XML that does not parse (SyntaxError) or holds unexpected values.
_WORKBOOK_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
    zipfile.LargeZipFile,
)


def _sheet_name(sheet_names: Sequence[Any], sheet: str | int | None) -> str:
    names = [str(n) for n in sheet_names]
    if sheet is None:
        sheet = 0
    if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise ValidationError(
        [Problem(f"no sheet {sheet!r}; the workbook has {', '.join(map(repr, names))}", field="sheet")],
        what="input",
    )


def write_csv(cohort: Cohort, path: PathLike, *, sep: str = ",", decimal: str = ".") -> None:
    """Write a cohort as CSV that :func:`read_csv` reads back to the same participants.

    Parameters
    ----------
    cohort
        The cohort to write; columns as in :func:`cohort_to_pandas`.
    path
        The file to create or overwrite.
    sep
        Delimiter: ``","``, ``";"`` or ``"\\t"``.
    decimal
        Decimal mark for ``experience_years``: ``"."`` or ``","``. Finnish
        Excel expects ``sep=";"`` with ``decimal=","``.

    Notes
    -----
    The file is UTF-8 with a byte order mark, which Excel needs to show
    letters such as ä and ö correctly; :func:`read_csv` removes it.
    """
    problems = []
    if sep not in _DELIMITERS:
        problems.append(Problem(f"must be ',', ';' or a tab, got {sep!r}", field="sep"))
    if decimal not in (".", ","):
        problems.append(Problem(f"must be '.' or ',', got {decimal!r}", field="decimal"))
    if problems:
        raise ValidationError(problems, what="arguments")
    df = cohort_to_pandas(cohort)
    if decimal == ",":
        df["experience_years"] = [value.replace(".", ",") for value in df["experience_years"]]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n")
        writer.writerow(df.columns)
        writer.writerows(df.itertuples(index=False, name=None))
