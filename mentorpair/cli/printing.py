"""What the commands print: a matching's pairs, unmatched and summary; the rules to drop when none exists."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..result.explain import Language
from ..result.matching import Matching
from ..status import Status

RELAXATION_SHOWN = 20


def _without_empty_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame less its name and e-mail columns when nobody gave one: on screen they are only width."""
    contacts = [c for c in frame.columns if c.endswith(("name", "email")) and not frame[c].astype(str).str.strip().any()]
    return frame.drop(columns=contacts)


def print_matching(matching: Any, language: str, out: Any) -> None:
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 500,
                           "display.max_colwidth", 120):
        print("Pairs:", file=out)
        pairs = _without_empty_contacts(matching.pairs)
        if getattr(matching.programme, "availability", "ignore") == "ignore" and "availability" in pairs:
            # A part the programme does not score is 0 on every pair: on screen only width.
            pairs = pairs.drop(columns=["availability"])
        print(pairs.to_string(index=False) if not pairs.empty else "  (none)", file=out)
        print("\nUnmatched:", file=out)
        frame = _without_empty_contacts(matching.unmatched_in(language))
        print(frame.to_string(index=False) if not frame.empty else "  (nobody)", file=out)
        print("\n" + matching.summary(), file=out)


def print_relaxation(matching: Matching, language: Language, *, every: bool) -> None:
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
