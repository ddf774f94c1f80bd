"""Reading and writing cohorts: CSV and Excel files and pandas DataFrames.

Every reader ends in one parser (:func:`from_pandas` and the readers share
``_table_to_cohort``), which checks every cell and raises a single
:class:`~mentorpair.ValidationError` listing every problem found, each with
its spreadsheet row (the header is row 1), the participant's id and the
canonical field name.

Whatever reading changes beyond stripping white space -- a detected encoding
or delimiter, a column or a value read through an alias -- is listed in
:attr:`Cohort.notes`, so that no normalisation is silent.
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
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import Problem, ValidationError
from .models import Cohort, MeetingMode, Participant, Role, cohort_problems

__all__ = [
    "CANONICAL_COLUMNS",
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
_INTEGER = re.compile(r"([0-9]+)(?:[.,]0+)?")
_DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab"}
# DataFrame.attrs key that carries Cohort.notes through cohort_to_pandas/from_pandas,
# so that the round trip keeps what was recorded when the cohort was read.
_NOTES_ATTR = "mentorpair_notes"


class _CellError(ValueError):
    """A cell's text does not fit its field; the message is the problem's text."""


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row as text cells. ``broken`` is why its cells cannot be trusted."""

    number: int
    cells: tuple[str, ...]
    broken: str | None = None


@dataclass(slots=True)
class _Columns:
    """Which column index feeds which canonical field, and the extra columns kept as given."""

    fields: dict[str, int] = field(default_factory=dict)
    extras: list[tuple[int, str]] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _AliasNotes:
    """Counts values read through an alias, to report them once per field."""

    seen: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)

    def add(self, name: str, original: str, canonical: str) -> None:
        per_field = self.seen.setdefault(name, {})
        key = (original, canonical)
        per_field[key] = per_field.get(key, 0) + 1

    def lines(self) -> list[str]:
        out = []
        for name, uses in self.seen.items():
            parts = [
                f"{'empty' if not original else repr(original)} as {canonical!r} ({_rows(count)})"
                for (original, canonical), count in uses.items()
            ]
            out.append(f"{name}: read {', '.join(parts)}")
        return out


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


# --------------------------------------------------------------------------- cells


def _header_key(header: str) -> str:
    """Compare headers without case, surrounding space or punctuation (ä/ö/å kept)."""
    return re.sub(r"\W+", "_", header.strip().casefold()).strip("_")


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


def _parse_role(text: str, notes: _AliasNotes) -> Role:
    key = _value_key(text)
    role = _ROLE_ALIASES.get(key)
    if role is None:
        raise _CellError(f"must be {_ROLE_HELP}, got {text!r}")
    if key != role.value:
        notes.add("role", key, role.value)
    return role


def _parse_meeting_mode(text: str, notes: _AliasNotes) -> MeetingMode:
    key = _value_key(text)
    if key in ("in person", "either", "remote"):
        return MeetingMode(key.replace(" ", "_"))
    mode = _MEETING_ALIASES.get(key)
    if mode is None:
        raise _CellError(f"must be {_MEETING_HELP}, got {text!r}")
    notes.add("meeting_mode", key, mode.value)
    return mode


def _parse_languages(text: str, notes: _AliasNotes) -> tuple[str, ...]:
    codes = []
    for item in _split_list(text):
        name = " ".join(item.casefold().split())
        code = _LANGUAGE_CODES.get(name, name)
        if code != name:
            notes.add("languages", name, code)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _parse_experience(text: str) -> float | None:
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        years = float(text.replace(",", "."))
        if years <= 80:
            return years
    raise _CellError(f"must be a number of years from 0 to 80, got {text!r}")


def _parse_capacity(text: str) -> int | None:
    if not text:
        return None
    match = _INTEGER.fullmatch(text)
    if match and int(match.group(1)) >= 1:
        return int(match.group(1))
    raise _CellError(f"must be an integer >= 1, got {text!r}")


def _parse_cell(name: str, text: str, notes: _AliasNotes) -> object:
    """The value of canonical field ``name`` (not ``id``) read from ``text``."""
    if name == "role":
        return _parse_role(text, notes)
    if name == "meeting_mode":
        return _parse_meeting_mode(text, notes)
    if name == "languages":
        return _parse_languages(text, notes)
    if name == "experience_years":
        return _parse_experience(text)
    if name == "capacity":
        return _parse_capacity(text)
    if name in _LIST_FIELDS:
        return _split_list(text)
    return text


# --------------------------------------------------------------------------- table -> cohort


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


def _row_participant(
    row: _Row, columns: _Columns, notes: _AliasNotes
) -> tuple[Participant | None, Participant | None, list[Problem]]:
    """Parse one row: (participant if the row is clean, stand-in for cross-row checks, problems)."""
    id_index = columns.fields.get("id")
    pid = row.cells[id_index] if id_index is not None and id_index < len(row.cells) else ""
    if row.broken is not None:
        # Misaligned cells would only produce misleading problems; keep the id for duplicate checks.
        stand_in = Participant(id=pid, role=Role.ANY, row=row.number) if pid else None
        return None, stand_in, [Problem(row.broken, row=row.number, participant=pid or None)]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, index in columns.fields.items():
        if name == "id":
            continue
        try:
            values[name] = _parse_cell(name, row.cells[index], notes)
        except _CellError as exc:
            problems.append(Problem(str(exc), row=row.number, participant=pid or None, field=name))
    if id_index is not None and not pid:
        problems.insert(0, Problem("must not be empty", row=row.number, field="id"))
    if not pid:
        return None, None, problems
    extra = tuple((header, row.cells[index]) for index, header in columns.extras if row.cells[index])
    try:
        candidate = Participant(**{"role": Role.ANY, **values}, id=pid, row=row.number, extra=extra)
    except ValidationError as exc:
        problems.extend(exc.problems)
        candidate = Participant(id=pid, role=Role.ANY, row=row.number)
    clean = not problems and "role" in values
    return (candidate if clean else None), candidate, problems


def _table_to_cohort(
    headers: Sequence[str],
    rows: Sequence[_Row],
    notes: Iterable[str] = (),
    early_problems: Iterable[Problem] = (),
) -> Cohort:
    """Check and convert text cells to a Cohort, raising one ValidationError with every problem."""
    notes = list(notes)
    problems = list(early_problems)
    if not any(headers) and not any(any(r.cells) for r in rows):
        raise ValidationError([*problems, Problem("no participants")], what="input")
    columns, column_problems = _map_columns(headers, rows)
    problems.extend(column_problems)
    if columns.renamed:
        notes.append(f"columns: read {', '.join(columns.renamed)}")
    alias_notes = _AliasNotes()
    participants: list[Participant] = []
    checked: list[Participant] = []
    blank: list[int] = []
    for row in rows:
        if not any(row.cells):
            blank.append(row.number)
            continue
        clean, stand_in, row_problems = _row_participant(row, columns, alias_notes)
        problems.extend(row_problems)
        if stand_in is not None:
            checked.append(stand_in)
        if clean is not None:
            participants.append(clean)
    if len(blank) == len(rows):
        problems.append(Problem("no participants"))
    # Stand-ins of faulty rows take part so that duplicates and wishes naming them are judged right.
    problems.extend(cohort_problems(checked))
    if problems:
        # Column problems (no row) first, then top to bottom as the coordinator reads the sheet.
        problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        raise ValidationError(problems, what="input")
    notes.extend(alias_notes.lines())
    if blank:
        notes.append(f"skipped {len(blank)} empty row{'s' if len(blank) != 1 else ''} ({_list_rows(blank)})")
    return Cohort(tuple(participants), notes=tuple(dict.fromkeys(notes)), columns=tuple(headers))


def _list_rows(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"row{'s' if len(numbers) != 1 else ''} {shown}{more}"


def _records_to_cohort(
    records: Sequence[Sequence[str]], notes: Iterable[str] = (), early_problems: Iterable[Problem] = ()
) -> Cohort:
    """Treat the first non-empty record as the header; record i is spreadsheet row i + 1."""
    start = next((i for i, record in enumerate(records) if any(record)), len(records))
    headers = list(records[start]) if start < len(records) else []
    rows = []
    for i in range(start + 1, len(records)):
        cells = list(records[i])
        # Trailing delimiters past the header are spreadsheet padding, not data.
        while len(cells) > len(headers) and not cells[-1]:
            cells.pop()
        broken = None
        if len(cells) != len(headers) and any(cells):
            broken = f"has {len(cells)} cells but the header has {len(headers)} columns"
        rows.append(_Row(i + 1, tuple(cells), broken))
    return _table_to_cohort(headers, rows, notes, early_problems)


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
    inherited = [str(note) for note in df.attrs.get(_NOTES_ATTR, ())]
    return _table_to_cohort(headers, rows, inherited)


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
        Windows Excel saves).
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
        quoting or rows with the wrong number of cells are reported by row.
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
    return _records_to_cohort(_csv_records(text, sep), notes)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str | None]:
    """The file's text, and a note naming the encoding when it was detected."""
    if encoding is not None:
        try:
            # A byte order mark is not part of the header even when the encoding was named.
            return _decode_as(data, encoding).removeprefix("\ufeff"), None
        except LookupError:
            raise ValidationError(
                [Problem(f"unknown encoding {encoding!r}", field="encoding")], what="arguments"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data[len(codecs.BOM_UTF8) :], "utf-8"), "read as UTF-8 (with byte order mark)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export.
        return _decode_as(data, "utf-16"), "read as UTF-16"
    try:
        return data.decode("utf-8"), "read as UTF-8"
    except UnicodeDecodeError:
        pass
    return _decode_as(data, "cp1252", also_tried="UTF-8"), "read as cp1252"


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
        write them (3.0 as ``3``), dates as ISO dates.

    Raises
    ------
    ValidationError
        Listing every problem, with the sheet's row numbers.
    """
    # Imported here: only workbooks need it, and importing mentorpair.io stays lighter.
    from openpyxl.utils.exceptions import InvalidFileException

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it drops; cell values are unaffected.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            book = pd.ExcelFile(path, engine="openpyxl")
        except (zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
            raise ValidationError(
                [Problem(f"cannot be read as an Excel .xlsx workbook ({exc})")], what="input"
            ) from None
        with book:
            name = _sheet_name(book.sheet_names, sheet)
            # All cells as objects and no NA guessing: an id or language "NA" is text, not missing.
            frame = pd.read_excel(
                book, sheet_name=name, header=None, dtype=object, keep_default_na=False, na_filter=False
            )
    records = [[_cell_text(value) for value in values] for values in frame.itertuples(index=False, name=None)]
    return _records_to_cohort(records, [f"read sheet {name!r}"])


def _sheet_name(names: Sequence[Any], sheet: str | int | None) -> str:
    names = [str(n) for n in names]
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
