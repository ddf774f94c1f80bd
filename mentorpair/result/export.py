"""Files a coordinator can open and forward safely: a workbook and a CSV, in English or Finnish.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and participants write ids, organisations and goals. The two file
kinds are protected differently:

- In the workbook every text is a string-typed cell (data type ``s``, number
  format ``@``, "Text"): the cell holds exactly what the participant wrote, so
  an id still finds itself in a look-up, and Excel does not evaluate it, not even
  when the cell is edited.
- A CSV cannot say that a cell is text, so such a text gets a leading
  apostrophe (the OWASP advice against CSV injection); code that matches ids in
  a CSV must drop a leading ``'`` first.
"""

from __future__ import annotations

import math
import os
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..io.cells import FORMULA_START
from ..model.vocab import COMPONENTS
from .export_words import (
    SHEETS,
    Sheet,
    header,
    kind_label,
    role_label,
    rule_rows,
    yes_no,
)

if TYPE_CHECKING:  # pragma: no cover
    from .explain import Language
    from .matching import Matching

__all__ = ["ANNOUNCEMENT_COLUMNS", "announcement_frame", "csv_frame", "neutralise_formulas", "write_csv", "write_workbook"]

_SCORE_COLUMNS = frozenset({"score", *COMPONENTS, "cohesion"})
_SCORE_FORMAT = "0.0000"
# Columns of sentences: wrapped in a wide column rather than stretched along one line.
_PROSE_COLUMNS = frozenset({"reason", "explanation", "message_to_mentor", "message_to_mentee"})
_PROSE_WIDTH = 70
#: the Announcement sheet's columns: one row per pair, each person's text on that pair alone
ANNOUNCEMENT_COLUMNS = ("group_id", "kind", "mentor_id", "mentor_name", "mentor_email", "mentee_id", "mentee_name",
                        "mentee_email", "message_to_mentor", "message_to_mentee")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` where no text cell can be read as a formula (for CSV).

    A text cell starting with one of :data:`~mentorpair.io.cells.FORMULA_START`
    (more than reading notes) gets a leading apostrophe.
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith(("string", "str")):
            out[column] = [
                "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in out[column]
            ]
    return out


# --------------------------------------------------------------------------- tables in words


def _in_words(frame: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Kinds and roles in the language; the column names stay (headers are given when written)."""
    out = frame.copy()
    if "kind" in out.columns:
        out["kind"] = [kind_label(str(k), language) for k in out["kind"]]
    if "role" in out.columns:
        out["role"] = [role_label(str(r), language) if isinstance(r, str) else r for r in out["role"]]
    return out


def csv_frame(matching: Matching, language: Language = "en") -> pd.DataFrame:
    """What :meth:`Matching.to_csv` writes: pairs then the unmatched, with a ``matched`` column.

    In English it is :meth:`Matching.to_pandas`; in Finnish the headers, kinds,
    roles, reasons and yes/no are Finnish.
    """
    if language == "en":
        return matching.to_pandas()
    frame = pd.concat([_in_words(matching.pairs, language).assign(matched=yes_no(True, language)),
                       _in_words(matching.unmatched_in(language), language).assign(matched=yes_no(False, language))],
                      ignore_index=True)
    return frame.rename(columns={c: header(str(c), language) for c in frame.columns})


def write_csv(matching: Matching, path: str | os.PathLike[str], *, language: Language = "en",
              sep: str | None = None, decimal: str | None = None) -> None:
    """Write :func:`csv_frame`; Finnish uses ``;`` and decimal commas unless told otherwise."""
    sep = sep if sep is not None else (";" if language == "fi" else ",")
    decimal = decimal if decimal is not None else ("," if language == "fi" else ".")
    # utf-8-sig: with the byte-order mark Excel shows ä and ö correctly.
    neutralise_formulas(csv_frame(matching, language)).to_csv(path, sep=sep, decimal=decimal, index=False,
                                                              encoding="utf-8-sig")


def announcement_frame(matching: Matching, language: Language = "en") -> pd.DataFrame:
    """One row per pair, for telling each two people whom they meet; a group is one row per mentee.

    Each row has the two people's ids, names and e-mail addresses and what each
    is sent about this pair only (their paragraph of :meth:`Matching.explain`
    for the participant): a mentor of several mentees, or of a group, gets one
    row per mentee, and no cell meant for one mentee holds another's text, so
    a row can be forwarded as it is. A group's rows share its ``group_id``; for
    peers the mentor columns hold the first peer. Low-level matchings
    (caller-given scores) have no texts and no names.
    """
    pairs = matching.pairs.to_dict("records")
    texts: dict[str, dict[int, str]] = {}

    def text(pid: str, row: int) -> str:
        if matching._cohort is None:
            return ""
        if pid not in texts:
            texts[pid] = matching._pair_texts(pid, language, "participant")
        return texts[pid][row]

    out = []
    for i, pair in enumerate(pairs):
        mentor, mentee = str(pair["mentor_id"]), str(pair["mentee_id"])
        out.append({
            "group_id": pair["group_id"],
            "kind": kind_label(str(pair["kind"]), language),
            "mentor_id": mentor,
            "mentor_name": pair.get("mentor_name", ""),
            "mentor_email": pair.get("mentor_email", ""),
            "mentee_id": mentee,
            "mentee_name": pair.get("mentee_name", ""),
            "mentee_email": pair.get("mentee_email", ""),
            "message_to_mentor": text(mentor, i),
            "message_to_mentee": text(mentee, i),
        })
    return pd.DataFrame(out, columns=list(ANNOUNCEMENT_COLUMNS))


def _explanations(matching: Matching, language: Language) -> pd.DataFrame:
    people = list(matching._cohort) if matching._cohort is not None else []
    return pd.DataFrame({
        "participant_id": [p.id for p in people],
        "name": [p.name for p in people],
        "email": [p.email for p in people],
        "explanation": [matching.explain(p.id, language=language) for p in people],
    }, columns=["participant_id", "name", "email", "explanation"])


def _rules(matching: Matching, language: Language) -> pd.DataFrame:
    rows = [*rule_rows("status", str(matching.status), language), *rule_rows("encoder", matching.encoder_id, language)]
    # Caller-given scores (assign, pair_peers) come with solve options, not a programme.
    rules: Any = matching.programme if matching.programme is not None else matching.options
    for f in fields(rules):
        rows += rule_rows(f.name, getattr(rules, f.name), language)
    return pd.DataFrame(rows, columns=["rule", "value", "setting"])


def _sheets(matching: Matching, language: Language) -> dict[Sheet, pd.DataFrame]:
    return {
        "pairs": _in_words(matching.pairs, language),
        "unmatched": _in_words(matching.unmatched_in(language), language),
        "announcement": announcement_frame(matching, language),
        "explanations": _explanations(matching, language),
        "rules": _rules(matching, language),
    }


# --------------------------------------------------------------------------- the workbook


def write_workbook(matching: Matching, path: str | os.PathLike[str], *, language: Language = "en") -> None:
    """Sheets Pairs, Unmatched, Announcement, Explanations and Rules (in Finnish: Parit, Ilman paria, ...)."""
    # openpyxl is imported only when a workbook is written.
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for key, frame in _sheets(matching, language).items():
        _write_sheet(book.create_sheet(SHEETS[language][key]), frame, language)
    book.save(path)


def _write_sheet(sheet: Any, frame: pd.DataFrame, language: Language) -> None:
    # openpyxl is imported only when a workbook is written.
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    for j, column in enumerate(frame.columns, start=1):
        cell = _put(sheet, 1, j, header(str(column), language))
        cell.font = Font(bold=True)
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, (column, value) in enumerate(zip(frame.columns, row), start=1):
            cell = _put(sheet, i, j, value)
            if column in _SCORE_COLUMNS and isinstance(cell.value, float):
                cell.number_format = _SCORE_FORMAT
            if column in _PROSE_COLUMNS:
                cell.alignment = wrap
    for j, column in enumerate(frame.columns, start=1):
        shown = [header(str(column), language), *(str(v) for v in frame[column].head(200))]
        longest = max(len(line) for text in shown for line in text.split("\n"))
        sheet.column_dimensions[get_column_letter(j)].width = (
            _PROSE_WIDTH if column in _PROSE_COLUMNS else min(60, longest + 2))
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def _put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one cell: numbers as numbers, missing values empty, all text as string-typed text."""
    # openpyxl is imported only when a workbook is written.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if hasattr(value, "item") and not isinstance(value, str):  # a numpy scalar
        value = value.item()
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return cell
    if isinstance(value, (bool, int, float)):
        cell.value = value
        return cell
    # Control characters cannot be stored in a workbook; the text is otherwise exactly as written.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    # openpyxl takes a text starting with "=" for a formula: the cell is typed as a string instead,
    # and the "@" format keeps Excel from reading it as a formula once someone edits the cell.
    cell.data_type = "s"
    cell.number_format = "@"
    return cell
