"""Excel workbooks: reading a cohort from an ``.xlsx`` sheet.

openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from collections.abc import Sequence
from typing import Any

from ..exceptions import Problem, ValidationError
from ..model.cohort import Cohort
from .cells import cell_text
from .form_map import AnswerMap, ColumnMap, form_map
from .parse import records_to_cohort
from .read_notes import count_cells, list_rows
from .resubmit import Duplicates

__all__ = ["OLE_MAGIC", "ZIP_MAGIC", "excel_records", "read_excel"]

PathLike = str | os.PathLike[str]

# The first bytes of workbooks: an .xlsx is a zip file; an old .xls or a
# password-protected workbook is an OLE compound file.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_excel(
    path: PathLike,
    *,
    sheet: str | int | None = None,
    columns: ColumnMap | None = None,
    answers: AnswerMap | None = None,
    strict: bool = False,
    duplicates: Duplicates = "error",
) -> Cohort:
    """Read a cohort from an Excel ``.xlsx`` workbook.

    Parameters
    ----------
    path
        The workbook.
    sheet
        Sheet name or 0-based position; ``None`` reads the first sheet.
    columns, answers, strict, duplicates
        A form's own column and answer names, whether to refuse the cohort's
        warnings, and what to do with a repeated submission: as in :func:`read_csv`.

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
    form = form_map(columns, answers)
    records, notes = excel_records(path, sheet=sheet)
    return records_to_cohort(records, notes, form=form, strict=strict, duplicates=duplicates)


def excel_records(path: PathLike, *, sheet: str | int | None = None) -> tuple[list[list[str]], list[str]]:
    """A sheet's records as text cells, padded to one width, and the notes on reading them."""
    with open(path, "rb") as handle:
        if handle.read(len(OLE_MAGIC)) == OLE_MAGIC:
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
                f"read the saved result of {count_cells(len(saved))} holding a formula ({list_rows(sorted(set(saved)))})"
            )
        if unsaved:
            notes.append(
                f"{count_cells(len(unsaved))} holding a formula {'have' if len(unsaved) != 1 else 'has'} no saved result "
                "(the workbook was not saved by a spreadsheet program); read the formula itself as text "
                f"({list_rows(sorted(set(unsaved)))})"
            )
    errors = sorted({i + 1 for i, row in enumerate(grid) for value, kind in row if kind == "e"})
    if errors:
        shown = sorted({str(value) for row in grid for value, kind in row if kind == "e"})
        notes.append(
            f"cells holding spreadsheet errors ({', '.join(map(repr, shown[:3]))}) were read as that text "
            f"({list_rows(errors)})"
        )
    records = [[cell_text(value) for value, _ in row] for row in grid]
    while records and not any(records[-1]):
        records.pop()
    # A sheet stores no cells past a row's last value; those are empty, not missing.
    width = max((len(record) for record in records), default=0)
    records = [record + [""] * (width - len(record)) for record in records]
    return records, notes


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
