"""Earlier rounds' pairs, read into one shape: ``(first_id, second_id, round)``.

A programme that runs every year must not pair the same two people again by
accident. ``Programme(history=...)`` takes the earlier rounds as a coordinator has
them (saved matchings, one per round, or a table of pairs with a round or year
column) and this module reads them into plain triples, so the rules stay hashable
and can be saved with a matching. Ids not in this round's cohort are fine: people
leave. Co-members of one group count as paired with each other: a group is met
together.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from ..exceptions import Problem, ValidationError

__all__ = ["PastPair", "in_force", "past_pairs"]

#: one pair of an earlier round: the two ids (a mentor's pair in its direction) and the round
PastPair = tuple[str, str, int]

_ROUND_COLUMNS = ("round", "year", "kierros", "vuosi")


def past_pairs(history: Any) -> tuple[PastPair, ...]:
    """``history`` as sorted ``(first, second, round)`` triples; every problem in it named at once.

    Accepted: the triples themselves; a table (a pandas DataFrame, or anything with
    ``.pairs`` such as a saved matching) with ``mentor_id`` and ``mentee_id`` columns and a
    ``round`` (or ``year``) column; a mapping of round -> saved matching or table; or a
    sequence of saved matchings or tables, oldest first (rounds 1, 2, ...).
    """
    problems: list[Problem] = []
    found: list[PastPair] = []
    if history is None or (isinstance(history, (tuple, list)) and not history):
        return ()
    if isinstance(history, Mapping):
        for round_, round_pairs in history.items():
            number = _round_number(round_)
            if number is None:
                problems.append(Problem(f"a round must be a whole number (a year, say), got {round_!r}",
                                        field="history"))
                continue
            found += _of_table(round_pairs, number, problems, f"history[{round_!r}]")
    elif hasattr(history, "pairs") or hasattr(history, "columns"):
        found += _of_table(history, None, problems, "history")
    elif isinstance(history, (tuple, list)) and all(isinstance(item, (tuple, list)) for item in history):
        for position, item in enumerate(history):
            number = _round_number(item[2]) if _is_triple(item) else None
            if number is not None:
                found.append((str(item[0]), str(item[1]), number))
            else:
                problems.append(Problem(f"must be (id, id, round): two different ids and a whole-number round, "
                                        f"got {item!r}", field=f"history[{position}]"))
    elif isinstance(history, (tuple, list)):
        for position, round_pairs in enumerate(history, start=1):
            found += _of_table(round_pairs, position, problems, f"history[{position - 1}]")
    else:
        problems.append(Problem("must be saved matchings (one per round), a mapping of round to matching, or a "
                                f"table of pairs with a round column, got {type(history).__name__}",
                                field="history"))
    if problems:
        raise ValidationError(problems, what="history")
    return tuple(sorted(set(found), key=lambda p: (p[2], p[0], p[1])))


def _is_triple(item: Any) -> bool:
    return (isinstance(item, (tuple, list)) and len(item) == 3 and all(isinstance(i, str) and i for i in item[:2])
            and item[0] != item[1] and _round_number(item[2]) is not None)


def _round_number(value: Any) -> int | None:
    """A whole number as a round: an int (numpy's too), a float with no fraction, or decimal digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return int(number) if math.isfinite(number) and number.is_integer() else None
    text = value.strip() if isinstance(value, str) else ""
    if text.isdecimal() and text.isascii():
        return int(text)
    return None


def _of_table(source: Any, round_: int | None, problems: list[Problem], where: str) -> list[PastPair]:
    """The pairs of one table (or one matching's ``.pairs``), with co-members of a group paired too."""
    frame = source.pairs if hasattr(source, "pairs") else source
    columns = [str(c) for c in getattr(frame, "columns", ())]
    if "mentor_id" not in columns or "mentee_id" not in columns:
        problems.append(Problem(f"needs mentor_id and mentee_id columns, has {columns}", field=where))
        return []
    round_column = next((c for c in _ROUND_COLUMNS if c in columns), None)
    if round_ is None and round_column is None:
        problems.append(Problem("has no round (or year) column saying when each pair was made; give one, or a "
                                "mapping {round: matching}", field=where))
        return []
    out: list[PastPair] = []
    groups: dict[tuple[int, str], list[str]] = {}
    records = frame.to_dict("records")
    for row, record in enumerate(records, start=1):
        first, second = record["mentor_id"], record["mentee_id"]
        number = round_ if round_column is None else _round_number(record[round_column])
        if (number is None or not isinstance(first, str) or not isinstance(second, str) or not first or not second
                or first == second):
            problems.append(Problem(f"needs two different ids and a whole-number round, got {first!r}, {second!r}, "
                                    f"{record.get(round_column) if round_column else round_!r}",
                                    row=row, field=where))
            continue
        out.append((first, second, number))
        group_id = record.get("group_id")
        if record.get("kind") == "group" and isinstance(group_id, str) and group_id:
            groups.setdefault((number, group_id), []).append(second)
    for (number, _), members in sorted(groups.items()):
        out += [(a, b, number) for i, a in enumerate(sorted(members)) for b in sorted(members)[i + 1:]]
    return out


def in_force(history: Sequence[PastPair], cooldown: int | None) -> dict[frozenset[str], int]:
    """Each two people paired in the rounds that still count, with the latest round they were paired in.

    ``cooldown=N``: only the last N rounds of the history count (by round number: with rounds
    2023–2025 and ``cooldown=2``, 2024 and 2025); ``None``: every round.
    """
    if not history:
        return {}
    latest = max(r for _, _, r in history)
    first_counted = None if cooldown is None else latest - cooldown + 1
    out: dict[frozenset[str], int] = {}
    for a, b, round_ in history:
        if first_counted is None or round_ >= first_counted:
            key = frozenset((a, b))
            out[key] = max(out.get(key, round_), round_)
    return out
