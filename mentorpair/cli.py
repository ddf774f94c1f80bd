"""Command line: ``mentorpair demo | match | explain | why-not | alternatives | compare | columns | synth``.

User errors (bad input, bad rules, a saved result that is not the input's)
print the full problem list and exit 2, never a traceback.
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
from . import decide, pipeline
from .exceptions import MentorPairError, Problem, ValidationError
from .io import read_csv, read_excel
from .io.columns import FIELDS
from .io.form_map import AnswerMap, ColumnMap, form_map
from .io.resubmit import DUPLICATES, Duplicates
from .io.suggest import propose
from .model.cohort import Cohort
from .model.programme import Programme, Weights
from .model.vocab import FORMS
from .result.explain import Language
from .result.matching import Matching
from .result.persist import SavedMatching, load_matching, programme_fields, programme_sha256, save_matching
from .status import Status
from .synthetic.demo import demo_cohort
from .synthetic.generator import synthetic_frame

__all__ = ["load_columns", "load_rules", "main"]

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130
#: how many rules to drop an infeasible match lists without --show-relaxation
RELAXATION_SHOWN = 20


def load_rules(path: str | Path) -> Programme:
    """Read a programme's rules from a TOML file whose keys are :class:`Programme` fields.

    Every problem of the file is raised as one :class:`ValidationError`, whatever
    the file holds: an unknown rule with the likeliest one meant, a value of the
    wrong type, a rule written after ``[weights]`` (TOML puts it in that table).

    Example::

        same_organisation = "forbidden"
        max_mentees_per_mentor = 2      # or "as stated": each mentor's own capacity
        wishes = "hard"
        time_limit = "none"             # TOML has no null: "none" is Python's None
        [weights]
        goal_text = 0.5
    """
    try:
        data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValidationError([Problem(f"cannot read rules file: not UTF-8 text ({exc.reason} at byte {exc.start})",
                                       field=str(path))], what="rules") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError([Problem(f"cannot read rules file: {exc}", field=str(path))], what="rules") from None
    problems = _rules_problems(data)
    # The rules found sound so far are checked by Programme too, so that every problem is said at once.
    bad = {p.field.split(".")[0] for p in problems if p.field}
    values: dict[str, Any] = {k: _rule_value(k, v) for k, v in data.items() if k in _RULES and k not in bad}
    try:
        programme = Programme(**values)
    except ValidationError as exc:
        problems += exc.problems
    except (TypeError, ValueError) as exc:  # a value no check here foresaw: still the file's problem
        problems.append(Problem(f"cannot be read: {exc}"))
    if problems:
        raise ValidationError(problems, what="rules")
    return programme


_RULES = tuple(Programme.__dataclass_fields__)
#: TOML has no null: these rules take the word "none" (and the capacity "as stated") for Python's None.
_NONE_WORDS = {"time_limit": ("none",), "work_limit": ("none",), "memory_budget_mb": ("none",),
               "candidates_per_person": ("none",), "max_mentees_per_mentor": ("none", "as stated", "stated")}


def _rule_value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str) and " ".join(value.casefold().split()) in _NONE_WORDS.get(key, ()):
        return None
    return value
_COMPONENTS = tuple(Weights.__dataclass_fields__)
#: rules whose value is a list of this many strings (None: any number)
_STRING_LISTS = {"objective": None, "forms": None, "fixed_pairs": 2, "exclusions": 2}


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _rules_problems(data: Mapping[str, Any]) -> list[Problem]:
    """What keeps a TOML document from being rules, beyond what Programme itself checks."""
    problems: list[Problem] = []
    for key in sorted(set(data) - set(_RULES)):
        if key in _COMPONENTS:
            problems.append(Problem("unknown rule; it is a score component: give it in the [weights] table",
                                    field=key))
            continue
        what = "table" if isinstance(data[key], dict) else "rule"
        problems.append(Problem(f"unknown {what}{_did_you_mean(key, _RULES)} (known rules are {sorted(_RULES)})",
                                field=key))
    for key in sorted(set(data) & set(_RULES)):
        value = data[key]
        if key == "weights":
            problems += _weights_problems(value)
        elif isinstance(value, dict):
            problems.append(Problem("must be a value, not a table", field=key))
        elif key in _STRING_LISTS and isinstance(value, list):
            width = _STRING_LISTS[key]
            items = value if width is None else [i for pair in value for i in (pair if isinstance(pair, list) else [pair])]
            shaped = width is None or all(isinstance(pair, list) and len(pair) == width for pair in value)
            if not shaped or not all(isinstance(i, str) for i in items):
                want = "strings" if width is None else 'pairs of ids, e.g. [["M1", "A2"]]'
                problems.append(Problem(f"must be a list of {want}, got {value!r}", field=key))
    return problems


def _weights_problems(value: Any) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem(f"must be a [weights] table of component = number, got {value!r}", field="weights")]
    problems = []
    for key, weight in value.items():
        where = f"weights.{key}"
        if key in _RULES:
            problems.append(Problem(f"unknown score component {key!r} in [weights]; top-level rules must come "
                                    "before the first [table]", field=where))
        elif key not in _COMPONENTS:
            problems.append(Problem(f"unknown score component{_did_you_mean(key, _COMPONENTS)} "
                                    f"(known are {sorted(_COMPONENTS)})", field=where))
        elif isinstance(weight, bool) or not isinstance(weight, (int, float)):
            problems.append(Problem(f"must be a number, got {weight!r}", field=where))
    return problems


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


def _without_empty_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame less its name and e-mail columns when nobody gave one: on screen they are only width."""
    contacts = [c for c in frame.columns if c.endswith(("name", "email")) and not frame[c].astype(str).str.strip().any()]
    return frame.drop(columns=contacts)


def _print_matching(matching: Any, language: str, out: Any) -> None:
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 500,
                           "display.max_colwidth", 120):
        print("Pairs:", file=out)
        pairs = _without_empty_contacts(matching.pairs)
        print(pairs.to_string(index=False) if not pairs.empty else "  (none)", file=out)
        print("\nUnmatched:", file=out)
        frame = _without_empty_contacts(matching.unmatched_in(language))
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


def _read_input_without(args: argparse.Namespace) -> Cohort:
    """The input, less the participants of --without (drop-outs), each removal printed."""
    cohort = _read_input(args)
    if not args.without:
        return cohort
    smaller = cohort.without(args.without)
    print("Left out (--without):")
    for note in smaller.notes[len(cohort.notes):]:
        print(f"  - {note}")
    return smaller


def _cmd_match(args: argparse.Namespace) -> int:
    cohort = _read_input_without(args)
    programme = load_rules(args.rules) if args.rules else Programme()
    # Read before solving: a bad file must not cost a solve.
    previous = _load_saved(args.fixed, "--fixed") if args.fixed else None
    matching = pipeline.match(cohort, programme, fixed=previous)
    _print_matching(matching, args.language, sys.stdout)
    _print_relaxation(matching, args.language, every=args.show_relaxation)
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


def _print_relaxation(matching: Matching, language: Language, *, every: bool) -> None:
    """The fewest rules to drop when no matching exists: every separate conflict, where conflicts are one."""
    if matching.status is not Status.INFEASIBLE:
        if every:
            print("\nNothing to relax: the rules admit a matching.")
        return
    rules = matching.relaxation_in(language)
    if not rules or (not every and set(rules) <= set(matching.conflicts_in(language))):
        return
    count = len(rules)
    print(f"\nFor any matching, {'this rule' if count == 1 else f'these {count} rules'} must be dropped (the fewest):")
    shown = rules if every else rules[:RELAXATION_SHOWN]
    for rule in shown:
        print(f"  - {rule}")
    if len(shown) < count:
        print(f"  ... and {count - len(shown)} more (--show-relaxation lists every one)")


def _load_saved(path: str, option: str) -> SavedMatching:
    if not Path(path).exists():
        raise ValidationError([Problem("file not found", field=path)], what=f"{option} file")
    try:
        return load_matching(path)
    except ValidationError as exc:
        raise ValidationError(exc.problems, what=f"saved matching {path} ({option})") from None


def _participant(cohort: Cohort, given: str) -> str:
    """The cohort's id for one typed in any letter case or Unicode composition."""
    found = cohort.find(given)
    if found is None:
        raise ValidationError([Problem(f"no such participant in the input{cohort.did_you_mean(given)}",
                                       participant=given)], what="request")
    return found


def _cmd_explain(args: argparse.Namespace) -> int:
    cohort = _read_input_without(args)
    pid = _participant(cohort, args.id)
    programme = load_rules(args.rules) if args.rules else None
    if args.result:
        saved = _load_saved(args.result, "--result")
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


def _asked_matching(args: argparse.Namespace, cohort: Cohort) -> Matching:
    """The matching a why-not or alternatives question is about: the saved one (--result), else solved now."""
    if args.result:
        return pipeline.reopen(_load_saved(args.result, "--result"), cohort)
    print("mentorpair: warning: no --result given, so the matching was solved again; it may differ from "
          "an announced one (save one with 'mentorpair match INPUT --save result.json').", file=sys.stderr)
    return pipeline.match(cohort, load_rules(args.rules) if args.rules else Programme())


def _cmd_why_not(args: argparse.Namespace) -> int:
    cohort = _read_input_without(args)
    first, second = _participant(cohort, args.first), _participant(cohort, args.second)
    if first == second:
        raise ValidationError([Problem("a pair is two people; the same id was given twice", participant=first)],
                              what="request")
    facts = decide.why_not_facts(_asked_matching(args, cohort), first, second)
    print(facts.text(args.language))
    if args.save and facts.matching is not None and not facts.paired and facts.status is not None \
            and facts.status.has_solution:
        save_matching(facts.matching, args.save, cohort=cohort)
        print(f"\nsaved: {args.save} (the matching with {facts.mentor_id}-{facts.mentee_id} forced)")
    return 0


def _cmd_alternatives(args: argparse.Namespace) -> int:
    cohort = _read_input_without(args)
    pid = _participant(cohort, args.id)
    frame = decide.alternatives(_asked_matching(args, cohort), pid, args.k, language=args.language)
    shown = ["counterpart_id", "counterpart_role", "kind", "score", "status", "coverage_change", "weakest_change",
             "total_change", "lose_partner"]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(frame[shown].to_string(index=False) if not frame.empty else "(no other allowed counterpart)")
    for other, words in zip(frame["counterpart_id"], frame["words"]):
        print(f"\n[{other}] {words}")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    cohort = _read_input_without(args)
    # Every rules file is read before any solve: a bad one must not cost the others' solves.
    programmes = {str(path): load_rules(path) for path in args.rules}
    frame = decide.compare(programmes, cohort)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(frame.to_string(index=False))
    if args.plot:
        decide.compare_plot(frame, args.plot)
        print(f"written: {args.plot}")
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
    m.add_argument("--sep", default=None,
                   help="CSV separator for --out (default ',' in English, ';' with decimal commas in Finnish)")
    m.add_argument("--save", metavar="JSON",
                   help="save the result (with hashes of the input and rules) for 'explain --result' and --fixed")
    m.add_argument("--fixed", metavar="JSON",
                   help="keep the pairs of a result saved with --save (announced pairs); pairs with someone no "
                        "longer in the input are skipped with a warning")
    without = {"type": _comma_list, "metavar": "ID,...",
               "help": "leave these participants out (drop-outs); others' wishes and exclusions naming them are "
                       "dropped, each said"}
    m.add_argument("--without", **without)  # type: ignore[arg-type]
    m.add_argument("--show-relaxation", action="store_true",
                   help="when no matching exists, list every rule of the fewest to drop (not only the first 20)")
    m.add_argument("--language", **lang)  # type: ignore[arg-type]
    m.set_defaults(run=_cmd_match)
    e = sub.add_parser("explain", help="explain one participant's pairing (the id in any letter case)")
    e.add_argument("input")
    e.add_argument("id")
    e.add_argument("--rules", help="TOML file of programme rules (with --result: checked against the saved ones)")
    e.add_argument("--result", metavar="JSON",
                   help="explain this saved result ('match --save') instead of solving again; it must be this "
                        "input's")
    e.add_argument("--columns", metavar="TOML", help="TOML file naming the form's columns and answers")
    e.add_argument("--without", **without)  # type: ignore[arg-type]
    e.add_argument("--duplicates", **dup)  # type: ignore[arg-type]
    e.add_argument("--language", **lang)  # type: ignore[arg-type]
    e.set_defaults(run=_cmd_explain)
    asked = {"result": {"metavar": "JSON",
                        "help": "ask about this saved result ('match --save'); forced solves use its saved rules"},
             "rules": {"help": "TOML file of programme rules (without --result: the matching is solved again)"}}
    questions = (("why-not", _cmd_why_not, "why two participants are not a pair, or what pairing them costs"),
                 ("alternatives", _cmd_alternatives,
                  "one participant's best other counterparts, each with the price of switching"))
    for name, command, about in questions:
        q = sub.add_parser(name, help=about)
        q.add_argument("input")
        if name == "why-not":
            q.add_argument("first")
            q.add_argument("second")
            q.add_argument("--save", metavar="JSON", help="save the matching with the pair forced")
        else:
            q.add_argument("id")
            q.add_argument("--k", type=int, default=5, help="how many counterparts (default 5)")
        either = q.add_mutually_exclusive_group()
        either.add_argument("--result", **asked["result"])  # type: ignore[arg-type]
        either.add_argument("--rules", **asked["rules"])  # type: ignore[arg-type]
        q.add_argument("--columns", metavar="TOML", help="TOML file naming the form's columns and answers")
        q.add_argument("--without", **without)  # type: ignore[arg-type]
        q.add_argument("--duplicates", **dup)  # type: ignore[arg-type]
        q.add_argument("--language", **lang)  # type: ignore[arg-type]
        q.set_defaults(run=command)
    cmp = sub.add_parser("compare", help="match the input under several rules files and compare the results")
    cmp.add_argument("input")
    cmp.add_argument("rules", nargs="+", metavar="RULES", help="TOML rules files; the first is the baseline")
    cmp.add_argument("--plot", metavar="PNG", help="save a figure of the comparison (needs mentorpair[plot])")
    cmp.add_argument("--columns", metavar="TOML", help="TOML file naming the form's columns and answers")
    cmp.add_argument("--without", **without)  # type: ignore[arg-type]
    cmp.add_argument("--duplicates", **dup)  # type: ignore[arg-type]
    cmp.set_defaults(run=_cmd_compare)
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
