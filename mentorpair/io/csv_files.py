"""CSV files: reading (encoding and delimiter detection) and writing.

Named so as not to shadow the standard library's ``csv``, which it uses.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from pathlib import Path

from ..exceptions import Problem, ValidationError
from ..model.cohort import Cohort
from .excel_files import OLE_MAGIC, ZIP_MAGIC
from .form_map import AnswerMap, ColumnMap, form_map
from .frames import cohort_to_pandas
from .parse import DELIMITER_NAMES, DELIMITERS, records_to_cohort
from .resubmit import Duplicates

__all__ = ["csv_records", "read_csv", "write_csv"]

PathLike = str | os.PathLike[str]

# A character that is neither ASCII nor a byte kept by 'surrogateescape': proper UTF-8 text.
_UTF8_TEXT = re.compile("[^\x00-\x7f\udc80-\udcff]")


def read_csv(
    path: PathLike,
    *,
    encoding: str | None = None,
    sep: str | None = None,
    columns: ColumnMap | None = None,
    answers: AnswerMap | None = None,
    strict: bool = False,
    duplicates: Duplicates = "error",
) -> Cohort:
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
    columns
        Source header -> field, as in ``DataFrame.rename``: a form's question
        texts as the fields they answer, e.g. ``{"Mitä tavoitteita sinulla on
        mentoroinnille?": "goals"}``. Headers are compared as everywhere
        (without case, space or punctuation); ``""`` keeps a column as an extra
        one. :func:`mentorpair.suggest_columns` proposes a map.
    answers
        Field -> {answer: value}, applied before the built-in answers, e.g.
        ``{"role": {"Haluan mentoriksi": "mentor"}}``; compared without case
        or accents, item by item in list fields. Each use is noted.
    strict
        Refuse the cohort's warnings (:attr:`Cohort.warnings`: a column kept
        as an extra one that looks like a field, nobody with a goal or an
        offer text) as a ValidationError listing them all.
    duplicates
        A participant who submitted the form twice (two rows with one id):
        ``"error"`` (the default) names both rows; ``"latest"`` or ``"first"``
        keeps one, judged by a time stamp column ("Aikaleima", "Timestamp",
        "Completion time", ...) when there is one, else by row order, noted.

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
        are refused. An unknown field in ``columns`` or ``answers``, or a
        ``columns`` header not in the file, is a problem too.
    """
    form = form_map(columns, answers)
    records, notes, sep = csv_records(path, encoding=encoding, sep=sep)
    return records_to_cohort(records, notes, sep=sep, form=form, strict=strict, duplicates=duplicates)


def csv_records(
    path: PathLike, *, encoding: str | None = None, sep: str | None = None
) -> tuple[list[list[str]], list[str], str]:
    """A CSV file's records as stripped text cells, the notes on decoding it and its delimiter."""
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
        notes.append(f"delimiter {DELIMITER_NAMES.get(sep, repr(sep))} taken from the 'sep=' line")
    elif sep is None:
        sep = _detect_delimiter(text)
        notes.append(f"delimiter {DELIMITER_NAMES[sep]} detected")
    elif len(sep) != 1:
        raise ValidationError([Problem(f"must be a single character, got {sep!r}", field="sep")], what="arguments")
    return _csv_records(text, sep), notes, sep


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
    if data.startswith(ZIP_MAGIC):
        message = "is an Excel .xlsx workbook (or another zip file), not CSV text; read it with read_excel"
    elif data.startswith(OLE_MAGIC):
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
    counts = {d: header.count(d) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    # The Sniffer can be fooled by commas in free text or decimal commas; the
    # header line holds only column names, so a delimiter absent from it is wrong.
    if sniffed is not None and counts.get(sniffed, 0) > 0:
        return sniffed
    best = max(DELIMITERS, key=lambda d: counts[d])
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
    if sep not in DELIMITERS:
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
