"""Command line: ``mentorpair demo | match | explain | columns | synth``.

User errors (bad input, bad rules) print the full problem list and exit 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

# The module, not the function: tests and embedding apps replace pipeline.match and default_encoder.
from . import pipeline
from .exceptions import MentorPairError, Problem, ValidationError
from .io import read_csv, read_excel
from .io.columns import FIELDS
from .io.form_map import AnswerMap, ColumnMap, form_map
from .io.resubmit import DUPLICATES, Duplicates
from .io.suggest import propose
from .model.cohort import Cohort
from .model.programme import Programme
from .model.vocab import FORMS
from .synthetic.demo import demo_cohort
from .synthetic.generator import synthetic_frame

__all__ = ["load_columns", "load_rules", "main"]

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


def load_rules(path: str | Path) -> Programme:
    """Read a programme's rules from a TOML file whose keys are :class:`Programme` fields.

    Example::

        same_organisation = "forbidden"
        max_mentees_per_mentor = 2
        wishes = "hard"
        [weights]
        goal_text = 0.5
    """
    try:
        data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError([Problem(f"cannot read rules file: {exc}", field=str(path))], what="rules") from exc
    known = set(Programme.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(
            [Problem(f"unknown rule; known rules are {sorted(known)}", field=k) for k in unknown], what="rules"
        )
    if "objective" in data and isinstance(data["objective"], list):
        data["objective"] = tuple(data["objective"])
    return Programme(**data)


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


def _print_matching(matching: Any, language: str, out: Any) -> None:
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 500,
                           "display.max_colwidth", 120):
        print("Pairs:", file=out)
        print(matching.pairs.to_string(index=False) if not matching.pairs.empty else "  (none)", file=out)
        print("\nUnmatched:", file=out)
        frame = matching.unmatched_in(language)
        print(frame.to_string(index=False) if not frame.empty else "  (nobody)", file=out)
        print("\n" + matching.summary(), file=out)


def _cmd_demo(args: argparse.Namespace) -> int:
    cohort = demo_cohort()
    # Every form at once, as the research-institute programme runs them.
    programme = Programme(same_organisation="discouraged", max_mentees_per_mentor=2,
                          forms=frozenset(FORMS), group_size=(2, 3))
    print(f"Demo cohort: {cohort!r}")
    print(f"Rules: {programme!r}\n")
    matching = pipeline.match(cohort, programme)
    _print_matching(matching, args.language, sys.stdout)
    print("\nExplanations:")
    examples = list(matching.pairs["mentee_id"][:1]) + list(matching.unmatched["participant_id"][:1])
    if len(examples) < 2:
        examples = list(matching.pairs["mentee_id"][:2])
    for pid in examples:
        print(f"\n[{pid}] {matching.explain(pid, language=args.language)}")
    return 0


def _read_input(args: argparse.Namespace) -> Cohort:
    columns, answers = load_columns(args.columns) if args.columns else ({}, {})
    return read_cohort(args.input, columns, answers, strict=getattr(args, "strict", False),
                       duplicates=args.duplicates)


def _cmd_match(args: argparse.Namespace) -> int:
    cohort = _read_input(args)
    programme = load_rules(args.rules) if args.rules else Programme()
    matching = pipeline.match(cohort, programme)
    _print_matching(matching, args.language, sys.stdout)
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            matching.to_excel(out, language=args.language)
        else:
            matching.to_csv(out, sep=args.sep, decimal="," if args.sep == ";" else ".")
        print(f"\nwritten: {out}")
    if args.plot:
        matching.plot(args.plot)
        print(f"written: {args.plot}")
    return 0 if matching.status.has_solution else 1


def _cmd_explain(args: argparse.Namespace) -> int:
    cohort = _read_input(args)
    if args.id not in cohort:
        raise ValidationError([Problem("no such participant in the input", participant=args.id)], what="request")
    programme = load_rules(args.rules) if args.rules else Programme()
    print(pipeline.match(cohort, programme).explain(args.id, language=args.language))
    return 0


def _toml_text(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)


_ANSWER_HELP = {
    "role": "mentor, mentee, peer or any",
    "meeting_mode": "in_person, remote or either",
    "languages": "a language code such as fi, en or sv",
}


def columns_toml(source: str, columns: Mapping[str, str], answers: Mapping[str, Mapping[str, str | None]],
                 unmapped: Sequence[str], out: str | None = None) -> str:
    """The proposed map as a TOML file for ``--columns``, with the answers as commented hints."""
    lines = [
        f"# Proposed by 'mentorpair columns' for {Path(source).name}. Check every line, then:",
        f"#   mentorpair match {Path(source).name} --columns {Path(out).name if out else 'THIS_FILE'}",
        f"# A header maps to one of {', '.join(FIELDS)};",
        '# "" keeps it as an extra column.',
        "",
        "[columns]",
        *(f"{_toml_text(header)} = {_toml_text(name)}" for header, name in columns.items()),
    ]
    if unmapped:
        lines += ["# Not mapped, so read as extra columns (map one here if it answers a field):"]
        lines += [f"# {_toml_text(header)} = \"\"" for header in unmapped]
    if answers:
        lines += [
            "",
            "# The answers in the columns above and how mentorpair reads them. To read an answer",
            "# otherwise, uncomment its table and line and change the value. An answer marked",
            "# 'unknown' stops reading with an error until it is given a value.",
        ]
    for name, table in answers.items():
        lines += ["", f"# [answers.{name}]"]
        for answer, value in table.items():
            if value is not None:
                lines.append(f"# {_toml_text(answer)} = {_toml_text(value)}")
            elif name == "languages":
                lines.append(f'# {_toml_text(answer)} = ""   # not a language mentorpair knows: kept as written')
            else:
                lines.append(f'# {_toml_text(answer)} = ""   # unknown: give {_ANSWER_HELP[name]}')
    return "\n".join(lines) + "\n"


def _cmd_columns(args: argparse.Namespace) -> int:
    if not Path(args.input).exists():
        raise ValidationError([Problem("file not found", field=args.input)], what="input")
    sheet = int(args.sheet) if args.sheet is not None and args.sheet.isdigit() else args.sheet
    proposal = propose(args.input, sheet=sheet)
    text = columns_toml(args.input, proposal.columns, proposal.answers, proposal.unmapped, args.out)
    if not args.out:
        print(text, end="")
        return 0
    Path(args.out).write_text(text, encoding="utf-8")
    total = len(proposal.columns) + len(proposal.unmapped)
    print(f"written: {args.out} ({len(proposal.columns)} of {total} columns mapped; check it before use)")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    try:
        frame = synthetic_frame(args.n, seed=args.seed, forms=args.forms, languages=args.languages,
                                same_organisation_share=args.same_organisation_share)
    except ValueError as exc:  # synthetic_frame raises it only for bad arguments
        raise ValidationError([Problem(str(exc))], what="synth options") from None
    frame.to_csv(args.out, index=False, encoding="utf-8", lineterminator="\n")
    print(f"written: {args.out} ({len(frame)} participants, seed {args.seed})")
    return 0


def _comma_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentorpair", description="Optimal, explained mentor-mentee pairing.")
    sub = parser.add_subparsers(dest="command", required=True)
    lang = {"choices": ("en", "fi"), "default": "en", "help": "language of reasons and explanations"}
    dup = {"choices": DUPLICATES, "default": "error",
           "help": "a person who submitted the form twice: error (default), keep the latest or the first "
                   "(by the export's time stamp column, else row order)"}
    demo = sub.add_parser("demo", help="match the bundled synthetic cohort and print the result")
    demo.add_argument("--language", **lang)  # type: ignore[arg-type]
    demo.set_defaults(run=_cmd_demo)
    m = sub.add_parser("match", help="match a CSV or Excel file of sign-ups")
    m.add_argument("input")
    m.add_argument("--rules", help="TOML file of programme rules")
    m.add_argument("--columns", metavar="TOML", help="TOML file naming the form's columns and answers")
    m.add_argument("--strict", action="store_true",
                   help="refuse the input (exit 2) on any warning, e.g. a form question left unread")
    m.add_argument("--duplicates", **dup)  # type: ignore[arg-type]
    m.add_argument("--out", help="write the result to .csv or .xlsx")
    m.add_argument("--plot", metavar="PNG", help="save a figure of the matching (needs mentorpair[plot])")
    m.add_argument("--sep", default=",", help="CSV separator for --out (';' writes Finnish Excel decimals)")
    m.add_argument("--language", **lang)  # type: ignore[arg-type]
    m.set_defaults(run=_cmd_match)
    e = sub.add_parser("explain", help="explain one participant's pairing")
    e.add_argument("input")
    e.add_argument("id")
    e.add_argument("--rules")
    e.add_argument("--columns", metavar="TOML", help="TOML file naming the form's columns and answers")
    e.add_argument("--duplicates", **dup)  # type: ignore[arg-type]
    e.add_argument("--language", **lang)  # type: ignore[arg-type]
    e.set_defaults(run=_cmd_explain)
    c = sub.add_parser("columns", help="propose a --columns file for a form's export")
    c.add_argument("input")
    c.add_argument("--out", metavar="TOML", help="write the proposal here (default: print it)")
    c.add_argument("--sheet", help="the workbook's sheet, by name or 0-based position (default: the first)")
    c.set_defaults(run=_cmd_columns)
    s = sub.add_parser("synth", help="write a seeded synthetic cohort as CSV")
    s.add_argument("--n", type=int, required=True, help="number of participants")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--out", required=True)
    s.add_argument("--forms", type=_comma_list, default=FORMS, metavar="FORM,...",
                   help=f"forms of mentoring the cohort is for, from {','.join(FORMS)} (default: all)")
    s.add_argument("--languages", type=_comma_list, default=("fi", "en"), metavar="CODE,...",
                   help="programme languages, from fi,en,sv (default: fi,en)")
    s.add_argument("--same-organisation-share", type=float, default=0.3, metavar="SHARE",
                   help="share of non-mentors working where some mentor works, 0 to 1 (default: 0.3)")
    s.set_defaults(run=_cmd_synth)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ValidationError as exc:
        # Every problem: at the command line there is no .problems to look at.
        print(f"mentorpair: {exc.describe(limit=None)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except MentorPairError as exc:
        print(f"mentorpair: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("mentorpair: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
