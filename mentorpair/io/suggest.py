"""Which column of a form's export answers which field: a proposed ``columns=`` map.

A form tool names its columns by the questions asked. :func:`suggest_columns`
reads the header's words (Finnish and English, accents and inflections aside)
and each column's contents (answers that are roles, meeting modes or
languages; numbers of years; small whole numbers; long free texts; ids of
other rows) and proposes a map for the coordinator to check. It never guesses
from words alone where the contents say otherwise: "Millaista kokemusta voit
tarjota?" mentions experience, but holds texts, not years.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..exceptions import Problem, ValidationError
from .cells import answer_key, cell_text, known_answer, split_list
from .columns import canonical_field, names_required
from .csv_files import csv_records
from .excel_files import excel_records
from .judge import LEAST, Column, header_words, id_values, scores

__all__ = ["Proposal", "propose", "suggest_columns"]

PathLike = str | os.PathLike[str]
Source = PathLike | pd.DataFrame


@dataclass(frozen=True, slots=True)
class Proposal:
    """What :func:`propose` found: ``columns`` (header -> field, in column order), ``answers``
    (field -> every distinct answer of its column -> the value reading gives it, ``None``
    when reading knows no such answer) and the headers left as extra columns."""

    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str | None]] = field(default_factory=dict)
    unmapped: tuple[str, ...] = ()


def suggest_columns(
    source: Source, *, sheet: str | int | None = None, encoding: str | None = None, sep: str | None = None
) -> dict[str, str]:
    """Propose a ``columns=`` map for a form's export: source header -> field.

    Parameters
    ----------
    source
        A CSV file, an ``.xlsx`` workbook or a DataFrame, as the readers take them.
    sheet, encoding, sep
        As in :func:`read_excel` and :func:`read_csv`.

    Returns
    -------
    dict
        The headers it could place, in column order, each with the field it
        seems to answer; a header that already names a field is included as
        that field. Columns it cannot place (names, e-mail addresses, time
        stamps) are left out and would be read as extra columns. Check the map
        before using it: it is a proposal from words and contents, not a
        certainty. ``mentorpair columns INPUT --out map.toml`` writes it as a
        file for ``--columns``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Vastaajan tunnus": ["A1", "M1"], "Haluan osallistua": ["Aktorina", "Mentorina"],
    ...                    "Millä kielillä voit osallistua?": ["Suomi;Englanti", "Suomi"]})
    >>> suggest_columns(df)
    {'Vastaajan tunnus': 'id', 'Haluan osallistua': 'role', 'Millä kielillä voit osallistua?': 'languages'}
    """
    return propose(source, sheet=sheet, encoding=encoding, sep=sep).columns


def propose(
    source: Source, *, sheet: str | int | None = None, encoding: str | None = None, sep: str | None = None
) -> Proposal:
    """The proposed map with the answers reading would give each role, meeting mode and language."""
    headers, rows = _table(source, sheet=sheet, encoding=encoding, sep=sep)
    columns = [
        Column(i, h, header_words(h), tuple(r[i] for r in rows if i < len(r) and r[i]), len(rows))
        for i, h in enumerate(headers)
        if h
    ]
    ids = id_values(columns)
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    # A header that already names a field is that field; the rest by their scores, best first.
    for column in columns:
        native = canonical_field(column.header)
        if native is not None and native not in taken:
            chosen[column.index] = native
            taken.add(native)
    scored = sorted(
        ((score, column.index, name) for column in columns if column.index not in chosen
         for name, score in scores(column, ids).items() if score >= LEAST),
        key=lambda item: (-item[0], item[1]),
    )
    for _, index, name in scored:
        if index not in chosen and name not in taken:
            chosen[index] = name
            taken.add(name)
    by_index = {c.index: c for c in columns}
    mapped = {by_index[i].header: chosen[i] for i in sorted(chosen)}
    answers = {name: _answers(name, by_index[i]) for i, name in sorted(chosen.items())
               if name in ("role", "meeting_mode", "languages")}
    unmapped = tuple(c.header for c in columns if c.index not in chosen)
    return Proposal(mapped, answers, unmapped)


def _table(
    source: Source, *, sheet: str | int | None, encoding: str | None, sep: str | None
) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a file or frame, as text."""
    if isinstance(source, pd.DataFrame):
        headers = [cell_text(c) for c in source.columns]
        rows = [[cell_text(v) for v in values] for values in source.itertuples(index=False, name=None)]
        return _nfc(headers), [_nfc(r) for r in rows]
    path = Path(source)
    if not path.exists():
        raise ValidationError([Problem("file not found", field=str(path))], what="input")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        records, _ = excel_records(path, sheet=sheet)
    else:
        records, _, _ = csv_records(path, encoding=encoding, sep=sep)
    filled = [r for r in records if any(r)]
    if not filled:
        raise ValidationError([Problem("no participants")], what="input")
    width = max(len(r) for r in filled)
    if len(filled) > 1 and not names_required(filled[0]) and names_required(filled[1]):
        start = 1  # a title row above the header, as reading skips it
    else:
        # A title row of merged group headings above the questions leaves most of its cells empty.
        start = next((i for i, r in enumerate(filled) if sum(1 for c in r if c) * 2 >= width), 0)
    return _nfc(filled[start]), [_nfc(r) for r in filled[start + 1 :]]


def _nfc(cells: Sequence[str]) -> list[str]:
    return [unicodedata.normalize("NFC", c.replace("\ufeff", "")).strip() for c in cells]



def _answers(name: str, column: Column) -> dict[str, str | None]:
    """Each distinct answer of the column (each item, for languages) and the value reading gives it."""
    out: dict[str, str | None] = {}
    seen: set[str] = set()
    for value in column.filled:
        for item in (split_list(value) if name == "languages" else (value,)):
            key = answer_key(item)
            if key in seen:
                continue
            seen.add(key)
            out[item] = known_answer(name, item)
    return out
