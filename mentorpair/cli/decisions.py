"""The decision-loop commands: ``why-not``, ``alternatives``, ``compare``, ``rematch``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

# The module, not the function: tests and embedding apps replace pipeline.match and default_encoder.
from .. import decide, pipeline
from ..exceptions import Problem, ValidationError
from ..model.cohort import Cohort
from ..model.programme import Programme
from ..rematch import DISRUPTIONS, rematch
from ..result.diff import matching_diff
from ..result.matching import Matching
from ..result.persist import save_matching
from .printing import print_matching, print_relaxation
from .reading import (
    load_columns,
    load_saved,
    participant_id,
    read_cohort,
    read_input,
    read_input_without,
)
from .rules_file import load_rules


def asked_matching(args: argparse.Namespace, cohort: Cohort) -> Matching:
    """The matching a why-not or alternatives question is about: the saved one (--result), else solved now."""
    if args.result:
        return pipeline.reopen(load_saved(args.result, "--result"), cohort)
    print("mentorpair: warning: no --result given, so the matching was solved again; it may differ from "
          "an announced one (save one with 'mentorpair match INPUT --save result.json').", file=sys.stderr)
    return pipeline.match(cohort, load_rules(args.rules) if args.rules else Programme())


def why_not_command(args: argparse.Namespace) -> int:
    cohort = read_input_without(args)
    first, second = participant_id(cohort, args.first), participant_id(cohort, args.second)
    if first == second:
        raise ValidationError([Problem("a pair is two people; the same id was given twice", participant=first)],
                              what="request")
    facts = decide.why_not_facts(asked_matching(args, cohort), first, second)
    print(facts.text(args.language))
    if args.save and facts.matching is not None and not facts.paired and facts.status is not None \
            and facts.status.has_solution:
        save_matching(facts.matching, args.save, cohort=cohort)
        print(f"\nsaved: {args.save} (the matching with {facts.mentor_id}-{facts.mentee_id} forced)")
    return 0


def alternatives_command(args: argparse.Namespace) -> int:
    cohort = read_input_without(args)
    pid = participant_id(cohort, args.id)
    frame = decide.alternatives(asked_matching(args, cohort), pid, args.k, language=args.language)
    shown = ["counterpart_id", "counterpart_role", "kind", "score", "status", "coverage_change", "weakest_change",
             "total_change", "lose_partner"]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(frame[shown].to_string(index=False) if not frame.empty else "(no other allowed counterpart)")
    for other, words in zip(frame["counterpart_id"], frame["words"]):
        print(f"\n[{other}] {words}")
    return 0


def compare_command(args: argparse.Namespace) -> int:
    cohort = read_input_without(args)
    # Every rules file is read before any solve: a bad one must not cost the others' solves.
    programmes = {str(path): load_rules(path) for path in args.rules}
    frame = decide.compare(programmes, cohort)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(frame.to_string(index=False))
    if args.plot:
        decide.compare_plot(frame, args.plot)
        print(f"written: {args.plot}")
    return 0


def _pair_list(values: Sequence[str] | None, option: str) -> list[tuple[str, str]]:
    """``A,B`` arguments as pairs; every malformed one named at once."""
    pairs, problems = [], []
    for value in values or ():
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != 2 or not all(parts):
            problems.append(Problem(f"must be two ids joined by a comma (A,B), got {value!r}", field=option))
        else:
            pairs.append((parts[0], parts[1]))
    if problems:
        raise ValidationError(problems, what="request")
    return pairs


def rematch_command(args: argparse.Namespace) -> int:
    cohort = read_input(args)
    saved = load_saved(args.result, "--result")
    programme = load_rules(args.rules) if args.rules else None
    # The late sign-ups are read like the input, before any solve: a bad file must not cost one.
    late = read_cohort(args.add, *(load_columns(args.columns) if args.columns else ({}, {})),
                       duplicates=args.duplicates) if args.add else None
    matching = rematch(saved, cohort, programme, drop=args.drop or (), add=late,
                       ban=_pair_list(args.ban, "--ban"), force=_pair_list(args.force, "--force"),
                       disruption=args.disruption)
    print_matching(matching, args.language, sys.stdout)
    print_relaxation(matching, args.language, every=True)  # rematch has no --show-relaxation: show them all
    changes = matching_diff(saved, matching, args.language)
    moved = changes[changes["change"] != "kept"]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 500,
                           "display.max_colwidth", 100):
        print("\nChanges from the announced matching:")
        print(moved.to_string(index=False) if not moved.empty else "  (none: every announced pair kept)")
    if args.save and matching.status.has_solution:
        assert matching._cohort is not None  # a cohort matching
        save_matching(matching, args.save, cohort=matching._cohort)
        # The saved hashes are of the changed cohort: say how to read the same one again.
        same = f" --without {','.join(args.drop)}" if args.drop else ""
        added = f"; add the rows of {args.add} to the input first" if args.add else ""
        print(f"\nsaved: {args.save} (explain it with: mentorpair explain INPUT ID --result {args.save}{same}{added})")
    return 0 if matching.status.has_solution else 1


def add_rematch_parser(sub: Any, *, lang: dict[str, Any], dup: dict[str, Any], without: dict[str, Any]) -> None:
    """The ``rematch`` command's arguments."""
    r = sub.add_parser("rematch", help="match again after a change, breaking as few announced pairs as possible")
    r.add_argument("input", help="the sign-ups the saved result was made from")
    r.add_argument("--result", metavar="JSON", required=True, help="the announced result ('match --save')")
    r.add_argument("--drop", **{**without, "help": "participants who left (ids, any letter case)"})
    r.add_argument("--add", metavar="FILE", help="late sign-ups, a CSV or Excel file read like the input")
    r.add_argument("--ban", action="append", metavar="A,B", help="a pair that may no longer be paired (repeatable)")
    r.add_argument("--force", action="append", metavar="MENTOR,MENTEE",
                   help="a pair that must be paired (repeatable)")
    r.add_argument("--disruption", choices=DISRUPTIONS, default="min",
                   help="min (default): keep as many announced pairs as possible after coverage; none: keep every "
                        "possible one as a rule; ignore: solve afresh")
    r.add_argument("--rules", help="TOML file of programme rules (default: the saved result's)")
    r.add_argument("--columns", metavar="TOML", help="TOML file naming the form's columns and answers")
    r.add_argument("--duplicates", **dup)
    r.add_argument("--save", metavar="JSON", help="save the new result, for 'explain --result' and the next rematch")
    r.add_argument("--language", **lang)
    r.set_defaults(run=rematch_command)
