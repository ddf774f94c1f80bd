"""The balance rules (:mod:`mentorpair.model.balance`) over a problem's arcs, and a matching's value on them.

:class:`BalanceArcs` is what the model needs: per share, which arcs have the
property and the target as an exact fraction; per group mix, each group arc's
subgroup; per floor, each subgroup's arcs. :func:`shortfall`, :func:`holds` and
:func:`floor_value` evaluate a matching the way the CP-SAT model
(:mod:`mentorpair.solve.balance_model`) counts it, so every path that reports a
stage value reports the model's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.balance import BalanceRule, Floor, GroupMix, Share, fraction_of
from ..model.programme import Programme
from ..model.vocab import KIND_GROUP
from ..scoring.balance_flags import pair_flags, subgroup_labels
from ..scoring.table import ScoreTable

__all__ = ["BalanceArcs", "ShareTerm", "balance_arcs", "floor_value", "holds", "pairs_short", "repair", "share_counts", "shortfall"]


@dataclass(frozen=True)
class ShareTerm:
    """One bound of one share: ``den * count(flag) >= num * count(all)`` (``at_least``), or ``<=``."""

    flag: np.ndarray
    num: int
    den: int
    at_least: bool
    hard: bool


@dataclass(frozen=True)
class BalanceArcs:
    """The balance rules over a problem's arcs (positions into the problem's arrays).

    ``mixes``: per group mix, ``(label, in_group, num, den)`` with ``label[a]`` the subgroup of a
    group arc's mentee (-1 for none, and for every other arc) and ``in_group`` the group arcs: a
    group's mentees of one label are at most ``num / den`` of the group. ``subgroups``: each floor subgroup's arcs, named in ``names``.
    """

    rules: tuple[BalanceRule, ...]
    shares: tuple[ShareTerm, ...] = ()
    mixes: tuple[tuple[np.ndarray, np.ndarray, int, int], ...] = ()
    subgroups: tuple[np.ndarray, ...] = ()
    names: tuple[tuple[str, str], ...] = ()

    @property
    def hard(self) -> bool:
        """Whether any rule must hold (a hard share or a group mix), not only be aimed at."""
        return bool(self.mixes) or any(term.hard for term in self.shares)


def balance_arcs(table: ScoreTable, programme: Programme, arcs: np.ndarray) -> BalanceArcs | None:
    """The programme's balance rules over ``arcs``, or None when it has none."""
    rules: tuple[BalanceRule, ...] = programme.balance
    if not rules:
        return None
    people = table.participants
    shares: list[ShareTerm] = []
    mixes: list[tuple[np.ndarray, np.ndarray, int, int]] = []
    subgroups: list[np.ndarray] = []
    names: list[tuple[str, str]] = []
    labels: dict[str, tuple[list[str], np.ndarray]] = {}

    def coded(by: str) -> tuple[list[str], np.ndarray]:
        if by not in labels:
            found = subgroup_labels(people, programme, by)
            values = sorted(set(found) - {""})
            code = {v: i for i, v in enumerate(values)}
            labels[by] = values, np.array([code.get(v, -1) for v in found], dtype=np.int64)
        return labels[by]

    for rule in rules:
        if isinstance(rule, Share):
            flag = pair_flags(table, programme, arcs, rule.what)
            for bound, at_least in ((rule.at_least, True), (rule.at_most, False)):
                if bound is not None:
                    f = fraction_of(bound)
                    shares.append(ShareTerm(flag, f.numerator, f.denominator, at_least, rule.hard))
        elif isinstance(rule, GroupMix):
            _, code = coded(rule.by)
            in_group = np.asarray(table.kind[arcs] == KIND_GROUP, dtype=bool)
            label = np.where(in_group, code[table.receiver[arcs]], -1)
            f = fraction_of(rule.at_most)
            mixes.append((label.astype(np.int64), in_group, f.numerator, f.denominator))
        elif isinstance(rule, Floor):
            values, code = coded(rule.by)
            ends = np.concatenate([code[table.giver[arcs]], code[table.receiver[arcs]]])
            positions = np.concatenate([np.arange(len(arcs)), np.arange(len(arcs))])
            for i, value in enumerate(values):
                members = np.unique(positions[ends == i])
                if len(members):
                    subgroups.append(members.astype(np.int64))
                    names.append((rule.by, value))
    return BalanceArcs(rules, tuple(shares), tuple(mixes), tuple(subgroups), tuple(names))


def share_counts(term: ShareTerm, chosen: np.ndarray) -> tuple[int, int]:
    """(rows with the property, rows) among the chosen arcs."""
    return int(term.flag[chosen].sum()), len(chosen)


def _short(term: ShareTerm, chosen: np.ndarray) -> int:
    """How many pairs the matching is short of the bound (0 when it keeps it): ceil of the gap."""
    count, rows = share_counts(term, chosen)
    gap = term.num * rows - term.den * count if term.at_least else term.den * count - term.num * rows
    return max(0, -(-gap // term.den))


def shortfall(balance: BalanceArcs | None, chosen: np.ndarray) -> int:
    """The ``"balance"`` stage's value: minus the pairs short of every soft share's bounds."""
    if balance is None:
        return 0
    return -sum(_short(t, chosen) for t in balance.shares if not t.hard)


def pairs_short(balance: BalanceArcs | None, chosen: np.ndarray) -> int:
    """The pairs short of every share's bounds, hard and soft alike."""
    return 0 if balance is None else sum(_short(t, chosen) for t in balance.shares)


def holds(balance: BalanceArcs | None, giver: np.ndarray, chosen: np.ndarray) -> bool:
    """Whether the chosen arcs keep every hard share and group mix (``giver``: the problem's giver array)."""
    if balance is None:
        return True
    if any(_short(t, chosen) > 0 for t in balance.shares if t.hard):
        return False
    for label, in_group, num, den in balance.mixes:
        size: dict[int, int] = {}
        same: dict[tuple[int, int], int] = {}
        for a in chosen[in_group[chosen]].tolist():
            size[int(giver[a])] = size.get(int(giver[a]), 0) + 1
            if label[a] >= 0:
                key = (int(giver[a]), int(label[a]))
                same[key] = same.get(key, 0) + 1
        if any(den * n > num * size[g] for (g, _), n in same.items()):
            return False
    return True


def floor_value(balance: BalanceArcs | None, chosen: np.ndarray, shown: np.ndarray) -> int:
    """The ``"floor"`` stage's value: the sum over subgroups with a chosen pair of their weakest pair's
    score as shown (``shown[i]`` the score of ``chosen[i]``)."""
    if balance is None:
        return 0
    score = dict(zip(chosen.tolist(), shown.tolist()))
    total = 0
    for members in balance.subgroups:
        inside = [score[a] for a in members.tolist() if a in score]
        total += min(inside) if inside else 0
    return int(total)


def _narrows(term: ShareTerm, arcs: list[int]) -> int:
    """How much dropping these arcs narrows the term's gap: ``num*rows - den*count`` (at least), or the other way."""
    flagged = int(term.flag[arcs].sum())
    return (1 if term.at_least else -1) * (term.num * len(arcs) - term.den * flagged)


def repair(balance: BalanceArcs | None, giver: np.ndarray, score: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """``chosen`` less the fewest-score pairs it must drop to keep every hard share and group mix.

    A starting matching for the search (the hints of :mod:`mentorpair.solve.hints` know no balance
    rules): dropping a pair, or a whole group, keeps every other rule (no requirement is in force when
    a hint is used), and the empty matching keeps every balance rule, so this always ends valid.
    Greedy: a group that mixes too little goes; then, while a hard share is short, the weakest unit
    (a pair, or a whole group) whose removal narrows that share's gap goes.
    """
    if balance is None or holds(balance, giver, chosen):
        return chosen
    in_group = np.zeros(len(giver), dtype=bool)
    for _, grouped, _, _ in balance.mixes:
        in_group |= grouped
    # Units: each individual or peer arc alone, each mentor's group arcs together.
    units: dict[tuple[int, int], list[int]] = {}
    for a in chosen.tolist():
        units.setdefault((int(giver[a]), -1) if in_group[a] else (-1, a), []).append(a)
    for label, grouped, num, den in balance.mixes:
        for key, arcs in list(units.items()):
            if key[0] >= 0 and not holds(BalanceArcs(balance.rules, mixes=((label, grouped, num, den),)), giver,
                                         np.array(arcs, dtype=np.int64)):
                del units[key]
    hard = [t for t in balance.shares if t.hard]
    while units:
        kept = np.array(sorted(a for arcs in units.values() for a in arcs), dtype=np.int64)
        short = [t for t in hard if _short(t, kept) > 0]
        if not short:
            return kept
        term = short[0]
        helpful = [key for key, arcs in units.items() if _narrows(term, arcs) > 0]
        if not helpful:
            break
        weakest = min(helpful, key=lambda k: (int(score[units[k]].sum()), k))
        del units[weakest]
    return np.zeros(0, np.int64)
