"""Reading what the commands are given: sign-ups (with a column map), saved results, participant ids."""

from __future__ import annotations

import argparse
import difflib
import sys
import tomllib
from pathlib import Path
from typing import Any

from ..exceptions import Problem, ValidationError
from ..io import read_csv, read_excel
from ..io.form_map import AnswerMap, ColumnMap, form_map
from ..io.resubmit import Duplicates
from ..model.cohort import Cohort
from ..result.persist import SavedMatching, load_matching


def load_columns(path: str | Path) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """Read a form's column and answer names from a TOML file, as ``columns=`` and ``answers=``.

    Example (``mentorpair columns INPUT --out map.toml`` writes one to start from)::

        [columns]
        "Mitä tavoitteita sinulla on mentoroinnille?" = "goals"
        "Haluan osallistua ohjelmaan" = "role"
        [answers.role]
        "Haluan mentoriksi" = "mentor"
    """
    what = "columns file"
    try:
        data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError([Problem(f"cannot read columns file: {exc}", field=str(path))], what=what) from None
    problems = []
    for key in sorted(set(data) - {"columns", "answers"}):
        close = difflib.get_close_matches(key, ["columns", "answers"], n=1, cutoff=0.6)
        hint = f"did you mean [{close[0]}]?" if close else "the file holds a [columns] table and [answers.<field>] tables"
        problems.append(Problem(f"unknown table or key; {hint}", field=key))
    columns, answers = data.get("columns", {}), data.get("answers", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        problems.append(Problem('must be a table of "source header" = "field"', field="columns"))
    if not isinstance(answers, dict) or not all(isinstance(v, dict) for v in answers.values()):
        problems.append(Problem('must be tables [answers.<field>] of "answer" = "value"', field="answers"))
    if problems:
        raise ValidationError(problems, what=what)
    try:
        form_map(columns, answers)
    except ValidationError as exc:
        raise ValidationError(exc.problems, what=what) from None
    return columns, answers


def read_cohort(
    path: str,
    columns: ColumnMap | None = None,
    answers: AnswerMap | None = None,
    *,
    strict: bool = False,
    duplicates: Duplicates = "error",
) -> Cohort:
    if not Path(path).exists():
        raise ValidationError([Problem("file not found", field=path)], what="input")
    if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        cohort = read_excel(path, columns=columns, answers=answers, strict=strict, duplicates=duplicates)
    else:
        cohort = read_csv(path, columns=columns, answers=answers, strict=strict, duplicates=duplicates)
    if cohort.warnings:
        # Before any result: each may make the matching quietly wrong.
        print("Warnings on reading the input (check them before trusting the result; --strict refuses them):",
              file=sys.stderr)
        for warning in cohort.warnings:
            print(f"  - {warning}", file=sys.stderr)
    if cohort.notes:
        # Normalisations applied while reading are never silent.
        print("Notes on reading the input:")
        for note in cohort.notes:
            print(f"  - {note}")
    return cohort


def read_input(args: argparse.Namespace) -> Cohort:
    columns, answers = load_columns(args.columns) if args.columns else ({}, {})
    return read_cohort(args.input, columns, answers, strict=getattr(args, "strict", False),
                       duplicates=args.duplicates)


def read_input_without(args: argparse.Namespace) -> Cohort:
    """The input, less the participants of --without (drop-outs), each removal printed."""
    cohort = read_input(args)
    if not args.without:
        return cohort
    smaller = cohort.without(args.without)
    print("Left out (--without):")
    for note in smaller.notes[len(cohort.notes):]:
        print(f"  - {note}")
    return smaller


def load_saved(path: str, option: str) -> SavedMatching:
    if not Path(path).exists():
        raise ValidationError([Problem("file not found", field=path)], what=f"{option} file")
    try:
        return load_matching(path)
    except ValidationError as exc:
        raise ValidationError(exc.problems, what=f"saved matching {path} ({option})") from None


def participant_id(cohort: Cohort, given: str) -> str:
    """The cohort's id for one typed in any letter case or Unicode composition."""
    found = cohort.find(given)
    if found is None:
        raise ValidationError([Problem(f"no such participant in the input{cohort.did_you_mean(given)}",
                                       participant=given)], what="request")
    return found
