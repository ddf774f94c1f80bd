"""Command line: ``mentorpair demo | match | explain | why-not | alternatives | compare | rematch | columns | synth``.

User errors (bad input, bad rules, a saved result that is not the input's)
print the full problem list and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..exceptions import MentorPairError, ValidationError
from ..io.resubmit import DUPLICATES
from ..model.vocab import FORMS
from .commands import (
    columns_command,
    columns_toml,
    comma_list,
    demo_command,
    explain_command,
    match_command,
    synth_command,
)
from .decisions import (
    add_rematch_parser,
    alternatives_command,
    compare_command,
    why_not_command,
)
from .reading import load_columns, read_cohort
from .rules_file import load_rules

__all__ = ["columns_toml", "load_columns", "load_rules", "main", "read_cohort"]

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentorpair", description="Optimal, explained mentor-mentee pairing.")
    sub = parser.add_subparsers(dest="command", required=True)
    lang = {"choices": ("en", "fi"), "default": "en", "help": "language of reasons and explanations"}
    dup = {"choices": DUPLICATES, "default": "error",
           "help": "a person who submitted the form twice: error (default), keep the latest or the first "
                   "(by the export's time stamp column, else row order)"}
    demo = sub.add_parser("demo", help="match the bundled synthetic cohort and print the result")
    demo.add_argument("--language", **lang)  # type: ignore[arg-type]
    demo.set_defaults(run=demo_command)
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
    m.add_argument("--history", action="append", metavar="ROUND=JSON",
                   help="a result of an earlier round ('match --save'), e.g. 2025=result2025.json (repeatable): its "
                        "pairs are not made again (repeat and cooldown in --rules: forbid, avoid or prefer)")
    without = {"type": comma_list, "metavar": "ID,...",
               "help": "leave these participants out (drop-outs); others' wishes and exclusions naming them are "
                       "dropped, each said"}
    m.add_argument("--without", **without)  # type: ignore[arg-type]
    m.add_argument("--show-relaxation", action="store_true",
                   help="when no matching exists, list every rule of the fewest to drop (not only the first 20)")
    m.add_argument("--language", **lang)  # type: ignore[arg-type]
    m.set_defaults(run=match_command)
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
    e.set_defaults(run=explain_command)
    asked = {"result": {"metavar": "JSON",
                        "help": "ask about this saved result ('match --save'); forced solves use its saved rules"},
             "rules": {"help": "TOML file of programme rules (without --result: the matching is solved again)"}}
    questions = (("why-not", why_not_command, "why two participants are not a pair, or what pairing them costs"),
                 ("alternatives", alternatives_command,
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
    cmp.set_defaults(run=compare_command)
    add_rematch_parser(sub, lang=lang, dup=dup, without=without)
    c = sub.add_parser("columns", help="propose a --columns file for a form's export")
    c.add_argument("input")
    c.add_argument("--out", metavar="TOML", help="write the proposal here (default: print it)")
    c.add_argument("--sheet", help="the workbook's sheet, by name or 0-based position (default: the first)")
    c.set_defaults(run=columns_command)
    s = sub.add_parser("synth", help="write a seeded synthetic cohort as CSV")
    s.add_argument("--n", type=int, required=True, help="number of participants")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--out", required=True)
    s.add_argument("--forms", type=comma_list, default=FORMS, metavar="FORM,...",
                   help=f"forms of mentoring the cohort is for, from {','.join(FORMS)} (default: all)")
    s.add_argument("--languages", type=comma_list, default=("fi", "en"), metavar="CODE,...",
                   help="programme languages, from fi,en,sv (default: fi,en)")
    s.add_argument("--same-organisation-share", type=float, default=0.3, metavar="SHARE",
                   help="share of non-mentors working where some mentor works, 0 to 1 (default: 0.3)")
    s.set_defaults(run=synth_command)
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
        # A first Ctrl-C during the solve is not this: the search stops and the best matching so far is
        # printed and written as usual (solve/progress.py). Here: a second one, or one while reading or scoring.
        print("mentorpair: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED

