"""The rules file: a TOML of :class:`~mentorpair.Programme` fields, read with every problem named."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..exceptions import Problem, ValidationError
from ..model.programme import Programme, Weights


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
        [[balance]]                     # balance across the cohort: one table per rule (docs/rules.md)
        share = "cross_organisation"
        at_least = 0.6
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
               "candidates_per_person": ("none",), "max_mentees_per_mentor": ("none", "as stated", "stated"),
               "stability_delta": ("none", "off")}


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
        # A rule that is a score component too ('repeat', 'availability') is a weight here.
        if key in _RULES and key not in _COMPONENTS:
            problems.append(Problem(f"unknown score component {key!r} in [weights]; top-level rules must come "
                                    "before the first [table]", field=where))
        elif key not in _COMPONENTS:
            problems.append(Problem(f"unknown score component{_did_you_mean(key, _COMPONENTS)} "
                                    f"(known are {sorted(_COMPONENTS)})", field=where))
        elif isinstance(weight, bool) or not isinstance(weight, (int, float)):
            problems.append(Problem(f"must be a number, got {weight!r}", field=where))
    return problems
