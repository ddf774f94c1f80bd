"""Cohorts from and to pandas DataFrames.

:func:`from_pandas` reads a frame like a sheet; :func:`cohort_to_pandas` is
the model's table (:func:`mentorpair.model.frame.cohort_to_pandas`) with the
header spellings reading knows refused as names of extra columns.
"""

from __future__ import annotations

import pandas as pd

from ..exceptions import Problem, ValidationError
from ..model import frame as model_frame
from ..model.cohort import Cohort
from .cells import cell_text
from .columns import canonical_field
from .form_map import AnswerMap, ColumnMap, form_map
from .parse import Row, table_to_cohort, title_row_note
from .resubmit import Duplicates

__all__ = ["cohort_to_pandas", "from_pandas"]


def from_pandas(
    df: pd.DataFrame,
    *,
    columns: ColumnMap | None = None,
    answers: AnswerMap | None = None,
    strict: bool = False,
    duplicates: Duplicates = "error",
) -> Cohort:
    """Build a cohort from a DataFrame with one participant per row.

    Headers may be canonical names, Finnish names or common English variants,
    in any order; columns mentorpair does not use are kept in
    :attr:`Participant.extra`. Cells may be text or numbers.

    Parameters
    ----------
    df
        The sign-ups. Only the ``id`` and ``role`` columns are required.
    columns, answers, strict, duplicates
        A form's own column and answer names, the warnings refused and
        repeated submissions, as in :func:`read_csv`.

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
    form = form_map(columns, answers)
    headers = [cell_text(column) for column in df.columns]
    rows = [
        Row(position + 2, tuple(cell_text(value) for value in values))
        for position, values in enumerate(df.itertuples(index=False, name=None))
    ]
    notes = [str(note) for note in df.attrs.get(model_frame.NOTES_ATTR, ())]
    header_row = 1
    first = next((i for i, row in enumerate(rows) if any(row.cells)), None)
    if first is not None and not form.names_required(headers) and form.names_required(rows[first].cells):
        # The frame's columns are a title row (e.g. read from a form tool's export); the header is below.
        header_row = rows[first].number
        notes.append(title_row_note(headers, 1, header_row))
        headers, rows = list(rows[first].cells), rows[first + 1 :]
    return table_to_cohort(headers, rows, notes, header_row=header_row, form=form, strict=strict,
                           duplicates=duplicates)


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

    Raises
    ------
    ValidationError
        When an extra column has the name of a mentorpair column, in any
        spelling reading knows.
    """
    return model_frame.cohort_to_pandas(cohort, _extra_headers(cohort))


def _extra_headers(cohort: Cohort) -> list[str]:
    """Extra columns in the order read, including ones left empty for everybody."""
    headers = [h for h in cohort.columns if h and canonical_field(h) is None]
    headers.extend(cohort.extra_columns)
    headers.extend(h for p in cohort for h, _ in p.extra)
    headers = list(dict.fromkeys(headers))
    # Checked here and not only in the model, which knows just the canonical names:
    # a column spelled as one that reading knows ('tunniste', 'ID') would be read
    # back as that field.
    clashing = [h for h in headers if canonical_field(h) is not None]
    if clashing:
        raise ValidationError(
            [Problem("extra column has the name of a mentorpair column", field=h) for h in clashing], what="cohort"
        )
    return headers
