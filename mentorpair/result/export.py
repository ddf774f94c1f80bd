"""Files a coordinator can open and forward safely."""

from __future__ import annotations

import os
from dataclasses import fields
from typing import TYPE_CHECKING

import pandas as pd

from ..io.cells import FORMULA_START

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .explain import Language
    from .matching import Matching

__all__ = ["neutralise_formulas", "write_workbook"]


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` where no text cell can be read as a formula.

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


def write_workbook(matching: Matching, path: str | os.PathLike[str], *, language: Language = "en") -> None:
    ids = [p.id for p in matching._cohort] if matching._cohort is not None else []
    explanations = pd.DataFrame(
        {"participant_id": ids, "explanation": [matching.explain(i, language=language) for i in ids]}
    )
    rules = pd.DataFrame(
        [("status", str(matching.status)), ("encoder", matching.encoder_id), *(
            (k, repr(v)) for k, v in _programme_rows(matching))],
        columns=["rule", "value"],
    )
    sheets = {
        "Pairs": matching.pairs,
        "Unmatched": matching.unmatched_in(language),
        "Explanations": explanations,
        "Rules": rules,
    }
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_formulas(frame).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for i, column in enumerate(frame.columns):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
                sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width = min(80, longest + 2)


def _programme_rows(matching: Matching) -> list[tuple[str, object]]:
    # Caller-given scores (assign, pair_peers) come with solve options, not a programme.
    rules: object = matching.programme if matching.programme is not None else matching.options
    return [(f.name, getattr(rules, f.name)) for f in fields(rules)]  # type: ignore[arg-type]
