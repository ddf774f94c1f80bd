"""``Programme.stability_delta`` in the CP-SAT model: no blocking pair, as linear constraints over the arcs.

The definition is :mod:`mentorpair.result.stability`'s, read for a model without
groups (the programme refuses the rule with them): an allowed arc between ``g``
and ``r`` blocks when the two are not together and each side gains more than
``margin`` units over what they would leave (nothing counting 0). What a side
would leave, by the arc's kind and the person's roles:

- as the mentee of an individual arc, or either peer of a peer arc: the arc they
  receive (or peer in); an ``exclusive`` person who mentors instead: the best of
  their mentees; else nothing;
- as the mentor of an individual arc: an exclusive person who receives: that arc;
  one whose places are all taken: the weakest of their mentees; else nothing.

An arc of a fixed pair is never left: its value counts as above every score.
A side does not block when what it leaves is worth at least ``t = score - margin``
(or, with ``t <= 0``, when it leaves nothing), so each arc gets one clause: the
two are together, or one side holds enough. "Holds enough" reads a chain per
person over the distinct values of their arcs, so a clause has a handful of
literals, not one per arc of the person: ``u[p][k]``, p receives an arc worth at
least the k-th value, and ``n[p][k]``, how many mentees worth at least it p has
(a full mentor has ``capacity`` of them). Each chain variable is bounded from above
by what it counts, which is all the clauses need: a literal can be true only
when what it says holds, and nothing stops it from being true when it does.

The rule is enforced outright when the problem has no hard requirement (a stable
matching then always exists: :func:`stable_greedy` builds one); with hard
requirements it hangs on one literal, which the conflicts and the fewest rules to
drop then treat like a requirement's (position ``len(problem.requirements)``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..exceptions import Problem, ValidationError
from ..model.programme import Programme
from ..model.stability_delta import margin_units
from ..model.vocab import SCALE
from ..scoring.table import ScoreTable
from .problem import ArcProblem, StabilityRule
from .requirements import Rule

__all__ = ["STABILITY_RULE", "add_stability_rule", "require_complete_table", "stability_of", "stable_greedy"]

#: the rule's words come from this (:func:`mentorpair.result.words.rules.rule_text`)
STABILITY_RULE = Rule("stability", ())


def stability_of(table: ScoreTable, programme: Programme, arcs: np.ndarray) -> StabilityRule | None:
    """The rule over ``arcs`` (positions in ``table``), or None when ``stability_delta`` is off."""
    delta = programme.stability_delta
    if delta is None:
        return None
    never_left = np.zeros(len(arcs), dtype=bool)
    if programme.fixed_pairs:
        index = {p.id: i for i, p in enumerate(table.participants)}
        n = max(len(index), 1)
        fixed = {min(index[a], index[b]) * n + max(index[a], index[b])
                 for a, b in programme.fixed_pairs if a in index and b in index}
        g, r = table.giver[arcs], table.receiver[arcs]
        never_left = np.isin(np.minimum(g, r) * n + np.maximum(g, r), np.array(sorted(fixed), dtype=np.int64))
    return StabilityRule(margin=margin_units(float(delta), SCALE), never_left=never_left, rule=STABILITY_RULE)


def require_complete_table(table: ScoreTable) -> None:
    """Refuse ``stability_delta`` on a table of each person's best pairs only (``ScoreTable.complete`` false).

    Every allowed arc must be in the model: one left out of the table may block the
    matching found, and a matching optimal among the arcs kept would then be claimed
    stable and optimal without being either.
    """
    if not table.complete:
        raise ValidationError([Problem(
            f"needs every pair of the cohort scored, but this cohort ({len(table.participants):,} people) is large "
            "enough that only each person's best pairs were kept; set candidates_per_person=0 to score every pair "
            "(see Programme.memory_budget_mb), or stability_delta=None", field="stability_delta")], what="programme")


class _Chains:
    """Per person, the sorted distinct values of the arcs they receive and give, and the chain literals."""

    def __init__(self, model: Any, x: Sequence[Any], problem: ArcProblem, value: np.ndarray) -> None:
        self.model, self.x, self.problem, self.value = model, x, problem, value
        n = problem.n_people
        mutual = problem.mutual if problem.mutual is not None else np.zeros(len(problem.giver), dtype=bool)
        self.receives: list[list[int]] = [[] for _ in range(n)]
        self.gives: list[list[int]] = [[] for _ in range(n)]
        for a, (g, r, peer) in enumerate(zip(problem.giver.tolist(), problem.receiver.tolist(), mutual.tolist())):
            (self.receives if peer else self.gives)[g].append(a)
            self.receives[r].append(a)
        self._levels: dict[tuple[str, int], list[int]] = {}
        self._chain: dict[tuple[str, int], list[Any]] = {}
        self._at_least: dict[tuple[str, int, int], Any] = {}
        self._free: dict[tuple[str, int], Any] = {}

    def _build(self, side: str, p: int) -> tuple[list[int], list[Any]]:
        key = (side, p)
        if key not in self._chain:
            arcs = (self.receives if side == "receives" else self.gives)[p]
            levels = sorted({int(self.value[a]) for a in arcs})
            at_level: dict[int, list[Any]] = {}
            for a in arcs:
                at_level.setdefault(int(self.value[a]), []).append(self.x[a])
            capacity = 1 if side == "receives" else int(self.problem.capacity[p])
            chain: list[Any] = []
            above: Any = 0
            for k in reversed(range(len(levels))):
                # How many of p's arcs of this side, worth at least levels[k], are chosen (at most capacity).
                # An equality, not only a bound: the arcs chosen then fix the chain, so a matching given
                # as a hint (arcs only) is complete at once, where CP-SAT found none in 30 s at 1,000 people.
                var = (self.model.new_bool_var(f"st_{side[0]}{p}_{k}") if capacity == 1 else
                       self.model.new_int_var(0, capacity, f"st_{side[0]}{p}_{k}"))
                self.model.add(var == above + sum(at_level[levels[k]]))
                chain.append(var)
                above = var
            chain.reverse()
            self._levels[key], self._chain[key] = levels, chain
        return self._levels[key], self._chain[key]

    def at_least(self, side: str, p: int, t: int, count: int = 1) -> Any | None:
        """A literal that may be true only when p holds ``count`` arcs of ``side`` worth at least ``t``."""
        levels, chain = self._build(side, p)
        k = bisect.bisect_left(levels, t)
        if k == len(levels) or (side == "receives" and count > 1):
            return None
        var = chain[k]
        if side == "receives" or int(self.problem.capacity[p]) == 1:
            return var
        key = (side, p, k * 2 + (count > 1))
        if key not in self._at_least:
            lit = self.model.new_bool_var(f"st_q{p}_{k}_{count}")
            self.model.add(count * lit <= var)
            self._at_least[key] = lit
        return self._at_least[key]

    def free(self, role: str, p: int) -> Any:
        """A literal that may be true only when p would leave nothing for an arc in ``role``.

        As a receiver (or peer): p receives nothing and, if exclusive, mentors nobody.
        As a mentor: p has a free place and, if exclusive, receives nothing.
        """
        key = (role, p)
        if key not in self._free:
            m, x, problem = self.model, self.x, self.problem
            lit = m.new_bool_var(f"st_f{role[0]}{p}")
            received = sum(x[a] for a in self.receives[p])
            given = sum(x[a] for a in self.gives[p])
            capacity = int(problem.capacity[p])
            if role == "receiver":
                m.add(lit + received <= 1)
                if problem.exclusive[p] and self.gives[p]:
                    m.add(capacity * lit + given <= capacity)
            else:
                m.add(given + lit <= capacity)
                if problem.exclusive[p] and self.receives[p]:
                    m.add(lit + received <= 1)
            self._free[key] = lit
        return self._free[key]


def add_stability_rule(model: Any, x: Sequence[Any], problem: ArcProblem) -> list[Any]:
    """Add the rule to ``model`` (a CP-SAT ``CpModel``; ``x`` the arcs' literals).

    Returns the literal the rule hangs on, as a list to append to the requirements'
    literals: empty when the rule is off, or enforced outright (no hard requirement).
    """
    rule = problem.stability
    if rule is None:
        return []
    if problem.group is not None and problem.group.any():
        raise ValueError("stability_delta is not stated for group arcs (Programme refuses the two together)")
    n_arcs = len(problem.giver)
    # The literal whenever there are hard requirements, arcs or not: result.assemble reads the positions
    # after the requirements as this rule's, then the balance rules'.
    # Hung on a literal wherever another hard rule could clash with it (hard requirements, or hard balance
    # rules, which may leave no matching without blocking pairs), so that the conflicts can name it.
    others = bool(problem.requirements) or (problem.balance is not None and problem.balance.hard)
    lit = model.new_bool_var("stability") if others else None
    if not n_arcs:
        return [lit] if lit is not None else []
    score = problem.score.astype(np.int64)
    # A fixed pair's arc is never left: worth more than any threshold an arc can ask for.
    never = int(score.max()) + abs(rule.margin) + 1
    value = np.where(rule.never_left, never, score)
    chains = _Chains(model, x, problem, value)
    mutual = problem.mutual if problem.mutual is not None else np.zeros(n_arcs, dtype=bool)
    n = max(problem.n_people, 1)
    giver, receiver = problem.giver.astype(np.int64), problem.receiver.astype(np.int64)
    key = np.minimum(giver, receiver) * n + np.maximum(giver, receiver)
    between: dict[int, list[int]] = {}
    for a, k in enumerate(key.tolist()):
        between.setdefault(k, []).append(a)
    lowest = int(score.min())
    for a in range(n_arcs):
        t = int(score[a]) - rule.margin  # a side holding what is worth t or more does not block
        if t <= min(lowest, 0):
            continue  # nothing any side can hold, nor holding nothing, leaves a gain above the margin
        g, r = int(giver[a]), int(receiver[a])
        sides: list[list[Any] | None] = [_receiver_terms(chains, r, t),
                                         _receiver_terms(chains, g, t) if mutual[a] else _mentor_terms(chains, g, t)]
        if any(side is None for side in sides):
            continue  # a side that never blocks (a mentor with no place at all)
        terms = [x[b] for b in between[int(key[a])]] + [term for side in sides if side for term in side]
        clause = model.add_bool_or(terms)
        if lit is not None:
            clause.only_enforce_if(lit)
    return [lit] if lit is not None else []


def _receiver_terms(chains: _Chains, p: int, t: int) -> list[Any]:
    """What keeps p, as the mentee (or a peer) of an arc asking ``t``, from blocking."""
    terms = [chains.at_least("receives", p, t)]
    if chains.problem.exclusive[p]:
        terms.append(chains.at_least("gives", p, t))  # the best of the mentees p would leave
    if t <= 0:
        terms.append(chains.free("receiver", p))
    return [term for term in terms if term is not None]


def _mentor_terms(chains: _Chains, p: int, t: int) -> list[Any] | None:
    """What keeps p, as the mentor of an individual arc asking ``t``, from blocking; None: never blocks."""
    capacity = int(chains.problem.capacity[p])
    if capacity <= 0:
        return None  # no place to take anyone in: the weakest of no mentees is never left
    terms = [chains.at_least("gives", p, t, count=capacity)]  # full, and even the weakest is worth t
    if chains.problem.exclusive[p]:
        terms.append(chains.at_least("receives", p, t))
    if t <= 0:
        terms.append(chains.free("mentor", p))
    return [term for term in terms if term is not None]


def stable_greedy(problem: ArcProblem) -> np.ndarray:
    """A matching of the problem without blocking pairs: best arcs first, each taken where the places allow.

    An arc passed over lost to one its side already holds, chosen earlier and so
    worth at least as much (a received arc, a mentor's full places, an exclusive
    person's other role), and what a side holds only gets better as arcs are
    added: nobody gains more than the margin. Arcs worth at most the margin are
    left out: nothing held is then worth less than any arc a side could gain.
    Without hard requirements and groups, so the staged solve has a valid matching in hand.
    """
    assert problem.stability is not None
    n_arcs = len(problem.giver)
    mutual = problem.mutual if problem.mutual is not None else np.zeros(n_arcs, dtype=bool)
    received = np.zeros(problem.n_people, dtype=bool)
    given = np.zeros(problem.n_people, dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    chosen = []
    for a in np.lexsort((np.arange(n_arcs), -problem.score)).tolist():
        if int(problem.score[a]) <= problem.stability.margin:
            break
        g, r = int(problem.giver[a]), int(problem.receiver[a])
        if received[r] or (problem.exclusive[r] and given[r]):
            continue
        if mutual[a]:
            if received[g] or (problem.exclusive[g] and given[g]):
                continue
            received[g] = True
        else:
            if given[g] >= problem.capacity[g] or (problem.exclusive[g] and received[g]) or (r, g) in pairs:
                continue
            given[g] += 1
            pairs.add((g, r))
        received[r] = True
        chosen.append(a)
    return np.array(sorted(chosen), dtype=np.int64)
