"""The commands that make and explain a matching: ``demo``, ``match``, ``explain``, ``columns``, ``synth``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

# The module, not the function: tests and embedding apps replace pipeline.match and default_encoder.
from .. import pipeline
from ..exceptions import Problem, ValidationError
from ..io.columns import FIELDS
from ..io.suggest import propose
from ..model.history import past_pairs
from ..model.programme import Programme
from ..model.vocab import FORMS
from ..result.persist import (
    SavedMatching,
    programme_fields,
    programme_sha256,
    save_matching,
)
from ..synthetic.demo import demo_cohort
from ..synthetic.generator import synthetic_frame
from .printing import print_matching, print_relaxation
from .reading import load_saved, participant_id, read_input_without
from .rules_file import load_rules


def demo_command(args: argparse.Namespace) -> int:
    cohort = demo_cohort()
    # Every form at once, as the research-institute programme runs them.
    programme = Programme(same_organisation="discouraged", max_mentees_per_mentor=2,
                          forms=frozenset(FORMS), group_size=(2, 3))
    print(f"Demo cohort: {cohort!r}")
    print(f"Rules: {programme!r}\n")
    matching = pipeline.match(cohort, programme)
    print_matching(matching, args.language, sys.stdout)
    print("\nExplanations:")
    examples = list(matching.pairs["mentee_id"][:1]) + list(matching.unmatched["participant_id"][:1])
    if len(examples) < 2:
        examples = list(matching.pairs["mentee_id"][:2])
    for pid in examples:
        print(f"\n[{pid}] {matching.explain(pid, language=args.language)}")
    return 0


def history_rounds(values: Sequence[str]) -> dict[int, SavedMatching]:
    """``--history ROUND=JSON`` arguments as saved matchings by round; every malformed one named at once."""
    rounds: dict[int, SavedMatching] = {}
    problems = []
    for value in values:
        round_, _, path = value.partition("=")
        if not (round_.strip().isdecimal() and round_.strip().isascii()) or not path:
            problems.append(Problem(f"must be ROUND=FILE, a whole-number round (a year) and a saved result, got "
                                    f"{value!r}", field="--history"))
        elif int(round_) in rounds:
            problems.append(Problem(f"round {int(round_)} is given twice", field="--history"))
        else:
            try:
                rounds[int(round_)] = load_saved(path, "--history")
            except ValidationError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems, what="request")
    return rounds


def match_command(args: argparse.Namespace) -> int:
    cohort = read_input_without(args)
    programme = load_rules(args.rules) if args.rules else Programme()
    # Read before solving: a bad file must not cost a solve.
    previous = load_saved(args.fixed, "--fixed") if args.fixed else None
    if args.history:
        programme = replace(programme, history=(*programme.history, *past_pairs(history_rounds(args.history))))
    matching = pipeline.match(cohort, programme, fixed=previous)
    print_matching(matching, args.language, sys.stdout)
    print_relaxation(matching, args.language, every=args.show_relaxation)
    if args.save:
        save_matching(matching, args.save, cohort=cohort)
        # The same reading options read the same cohort, which the saved hash checks.
        same = "".join(f" {option} {value}" for option, value in (
            ("--columns", args.columns), ("--duplicates", args.duplicates if args.duplicates != "error" else None),
            ("--without", ",".join(args.without or ()))) if value)
        print(f"\nsaved: {args.save} (explain it with: mentorpair explain {args.input} ID --result {args.save}{same})")
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            matching.to_excel(out, language=args.language)
        else:
            # The language's own CSV defaults (Finnish: ';' and decimal commas) unless --sep says otherwise.
            sep = args.sep
            matching.to_csv(out, language=args.language, sep=sep,
                            decimal=None if sep is None else ("," if sep == ";" else "."))
        print(f"\nwritten: {out}")
    if args.plot:
        matching.plot(args.plot)
        print(f"written: {args.plot}")
    return 0 if matching.status.has_solution else 1


def explain_command(args: argparse.Namespace) -> int:
    cohort = read_input_without(args)
    pid = participant_id(cohort, args.id)
    programme = load_rules(args.rules) if args.rules else None
    if args.result:
        saved = load_saved(args.result, "--result")
        if programme is not None and programme_sha256(programme) != saved.programme_sha256:
            was, now = programme_fields(saved.programme), programme_fields(programme)
            raise ValidationError(
                [Problem(f"is {now[k]!r} in --rules but was {was.get(k)!r} when the result was saved", field=k)
                 for k in now if now[k] != was.get(k)],
                what=f"rules (they are not those {args.result} was made with)",
            )
        matching = pipeline.reopen(saved, cohort)
    else:
        # Solving again may pair people otherwise than an announced result did: say so before anything else.
        print("mentorpair: warning: no --result given, so the matching was solved again; it may differ from "
              "an announced one. Save a result with 'mentorpair match INPUT --save result.json' and explain "
              "it with --result result.json.", file=sys.stderr)
        matching = pipeline.match(cohort, programme if programme is not None else Programme())
    for warning in matching.warnings:
        if warning not in cohort.warnings:  # those were printed on reading
            print(f"mentorpair: warning: {warning}", file=sys.stderr)
    print(matching.explain(pid, language=args.language))
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


def columns_command(args: argparse.Namespace) -> int:
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


def synth_command(args: argparse.Namespace) -> int:
    try:
        frame = synthetic_frame(args.n, seed=args.seed, forms=args.forms, languages=args.languages,
                                same_organisation_share=args.same_organisation_share)
    except ValueError as exc:  # synthetic_frame raises it only for bad arguments
        raise ValidationError([Problem(str(exc))], what="synth options") from None
    frame.to_csv(args.out, index=False, encoding="utf-8", lineterminator="\n")
    print(f"written: {args.out} ({len(frame)} participants, seed {args.seed})")
    return 0


def comma_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())
