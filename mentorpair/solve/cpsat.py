"""The CP-SAT model: the only module that imports CP-SAT.

The model is stated over plain arrays (who gives, who receives, integer score),
so that cohort matching and the low-level entry points share one engine. The
objective is lexicographic: each stage is solved to optimality and its value
fixed before the next stage starts.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np

from ..model.balance import balance_stages
from ..model.options import SolveOptions, auto_work_limit
from ..model.programme import solve_stages
from ..model.vocab import KEPT_STAGE, WISHES_STAGE
from ..scoring.parts import cohesion_split, largest_cohesion_shares
from ..status import Status
from .balance_hints import balance_hints
from .balance_model import add_balance
from .balance_problem import repair
from .clock import Clock
from .hints import flow_matching, greedy_matching
from .levels import highest_level
from .problem import ArcProblem, HardRequirement, Outcome, StageProof
from .progress import Watch, current_watch, watched
from .stability_rule import add_stability_rule, stable_greedy
from .stage_values import stage_value, total_of

__all__ = ["solve_staged"]

log = logging.getLogger(__name__)


def _cp_status(code: int) -> Status:
    # OR-Tools loads only when a model is solved, so importing mentorpair stays light
    from ortools.sat.python import cp_model

    statuses: dict[int, Status] = {
        int(cp_model.OPTIMAL): Status.OPTIMAL,
        int(cp_model.FEASIBLE): Status.FEASIBLE,
        int(cp_model.INFEASIBLE): Status.INFEASIBLE,
        int(cp_model.MODEL_INVALID): Status.MODEL_INVALID,
    }
    return statuses.get(int(code), Status.UNKNOWN)


class _Model:
    """One CP-SAT model with its decision variables and stage expressions."""

    def __init__(self, problem: ArcProblem) -> None:
        # OR-Tools loads only when a model is solved, so importing mentorpair stays light
        from ortools.sat.python import cp_model

        self.problem = problem
        self.model = cp_model.CpModel()
        m = self.model
        n_arcs = len(problem.giver)
        x = self.x = [m.new_bool_var(f"x{a}") for a in range(n_arcs)]
        no = np.zeros(n_arcs, dtype=bool)
        mutual = (problem.mutual if problem.mutual is not None else no).tolist()
        group = (problem.group if problem.group is not None else no).tolist()
        gives: list[list[int]] = [[] for _ in range(problem.n_people)]
        leads: list[list[int]] = [[] for _ in range(problem.n_people)]
        receives: list[list[int]] = [[] for _ in range(problem.n_people)]
        for a, (g, r) in enumerate(zip(problem.giver.tolist(), problem.receiver.tolist())):
            if mutual[a]:
                receives[g].append(a)
            else:
                (leads if group[a] else gives)[g].append(a)
            receives[r].append(a)
        covered = []
        for p in range(problem.n_people):
            received = sum(x[a] for a in receives[p]) if receives[p] else 0
            if receives[p]:
                m.add(received <= 1)
            giving: Any = 0  # an int or a CP-SAT expression: how many times p gives (0 or 1)
            if gives[p]:
                given = sum(x[a] for a in gives[p])
                if int(problem.capacity[p]) == 1:
                    m.add(given <= 1)
                    giving = given
                else:
                    # y = "p mentors someone": counts p once as taken in, however many mentees.
                    y = m.new_bool_var(f"y{p}")
                    m.add(given <= int(problem.capacity[p]) * y)
                    m.add(given >= y)
                    giving = y
            if leads[p]:
                assert problem.group_min is not None and problem.group_max is not None
                z = m.new_bool_var(f"z{p}")
                members = sum(x[a] for a in leads[p])
                m.add(members >= int(problem.group_min[p]) * z)
                m.add(members <= int(problem.group_max[p]) * z)
                giving = giving + z
                if gives[p]:
                    m.add(giving <= 1)
            if not receives[p] and not (gives[p] or leads[p]):
                continue
            if problem.exclusive[p] or not receives[p] or not (gives[p] or leads[p]):
                if receives[p] and (gives[p] or leads[p]):
                    m.add(giving + received <= 1)
                covered.append(giving + received)
            else:
                matched = m.new_bool_var(f"m{p}")
                m.add(matched <= giving + received)
                covered.append(matched)
        if not problem.exclusive.all():
            # Dual roles never go both ways between the same two people.
            by_pair: dict[tuple[int, int], list[int]] = {}
            for a, (g, r) in enumerate(zip(problem.giver.tolist(), problem.receiver.tolist())):
                if not mutual[a]:
                    by_pair.setdefault((g, r), []).append(a)
            for (g, r), arcs in by_pair.items():
                if g < r and (r, g) in by_pair:
                    m.add(sum(x[a] for a in arcs + by_pair[(r, g)]) <= 1)
        for a, b in problem.clashes:
            m.add(x[a] + x[b] <= 1)
        self.coverage = sum(covered) if covered else 0
        scores = [int(s) for s in problem.score.tolist()]
        bonus = []
        partners: dict[int, list[Any]] = {}
        self.cohesion_literals = []
        for a, b, units in problem.cohesion:
            both = m.new_bool_var(f"c{a}_{b}")
            self.cohesion_literals.append(both)
            m.add_implication(both, x[a])
            m.add_implication(both, x[b])
            bonus.append(int(units) * both)
            partners.setdefault(a, []).append(both)
            partners.setdefault(b, []).append(both)
        # Redundant but tightening: a member has at most (largest group - 1) co-members. Without
        # it the LP relaxation pairs every candidate with every other at half weight, and the
        # total stage of a 300-person all-forms cohort did not close in 60 s.
        for a, products in partners.items():
            if problem.group_max is not None and len(products) > int(problem.group_max[problem.giver[a]]) - 1:
                m.add(sum(products) <= (int(problem.group_max[problem.giver[a]]) - 1) * x[a])
        self.total = sum(s * xa for s, xa in zip(scores, x)) + sum(bonus) if scores else 0
        self.requirement_literals = []
        for i, req in enumerate(problem.requirements):
            lit = m.new_bool_var(f"req{i}")
            # An empty clause is false: a requirement no allowed arc can meet forces its literal off.
            m.add_bool_or([x[a] for a in req.arcs]).only_enforce_if(lit)
            self.requirement_literals.append(lit)
        # The wishes to honour: a literal may be on only when one of its arcs is chosen, so
        # maximising their sum counts the requirements the matching meets.
        self.honour_literals = self._counted(problem.honour, "honour")
        self.honoured = sum(self.honour_literals) if self.honour_literals else 0
        # The announced pairs to keep, counted the same way by the stage after coverage.
        kept = self._counted(problem.keep, "keep")
        self.kept = sum(kept) if kept else 0
        # stability_delta: no blocking pair; beside hard requirements, one more rule the conflicts may name.
        self.requirement_literals += add_stability_rule(m, x, problem)
        # Hard shares and group mixes; the balance and floor stages. Beside hard requirements, one more rule too.
        self.balance, balance_literals = add_balance(m, x, problem, self.cohesion_literals)
        self.requirement_literals += balance_literals

    def _counted(self, requirements: tuple[HardRequirement, ...] | None, name: str) -> list[Any]:
        """One literal per requirement, on only when one of its arcs is chosen (an empty one: never)."""
        literals = []
        for i, req in enumerate(requirements or ()):
            lit = self.model.new_bool_var(f"{name}{i}")
            self.model.add_bool_or([self.x[a] for a in req.arcs]).only_enforce_if(lit)
            literals.append(lit)
        return literals

    def stage_expr(self, stage: str):  # type: ignore[no-untyped-def]
        return {"coverage": self.coverage, "total": self.total, WISHES_STAGE: self.honoured,
                KEPT_STAGE: self.kept, **self.balance}[stage]


def _solver(seed: int, num_workers: int, clock: Clock, fraction: float = 1.0):  # type: ignore[no-untyped-def]
    """A CP-SAT solver limited to ``fraction`` of what is left on ``clock`` (wall time and work)."""
    # OR-Tools loads only when a model is solved, so importing mentorpair stays light
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = num_workers
    # Measured on OR-Library assign100 with one worker: level 2 (full LP relaxation)
    # proves the optimum in 0.9 s; the default level had not in 60 s. Assignment
    # polytopes are integral, so the LP does most of the work.
    solver.parameters.linearization_level = 2
    # Ctrl-C is the watch's (solve/progress.py): CP-SAT's own handler leaves SIGINT at the system
    # default when it returns, after which a Ctrl-C killed Python without a word.
    solver.parameters.catch_sigint_signal = False
    seconds, work = clock.seconds_left(), clock.work_left()
    if current_watch().interrupted:
        seconds = 0.0  # after a Ctrl-C, what is still asked (a last probe, a conflict) answers at once
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(fraction * seconds, 0.001)
    if work is not None:
        solver.parameters.max_deterministic_time = max(fraction * work, 0.001)
    return solver


def _run(solver, model, clock: Clock) -> Status:  # type: ignore[no-untyped-def]
    """Solve, and count the work it took against the clock; watched (progress, Ctrl-C) where one watches."""
    watch = current_watch()
    optimising = model.has_objective()  # else a threshold probe (or a check): found or not is its news
    callback = _reporter(watch) if watch.reporting and optimising else None
    if callback is not None:
        solver.best_bound_callback = watch.new_bound
    code = watch.search(lambda: solver.solve(model, callback), solver.stop_search)
    clock.spend(float(solver.response_proto.deterministic_time))
    status = _cp_status(code)
    if not optimising:
        watch.probe(status.has_solution)
    return status


def _reporter(watch: Watch):  # type: ignore[no-untyped-def]
    """A solution callback that hands each solution's objective and bound to ``watch`` (numbers only)."""
    # OR-Tools loads only when a model is solved, so importing mentorpair stays light
    from ortools.sat.python import cp_model

    class Reporter(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            watch.solution(self.objective_value, self.best_objective_bound)

    return Reporter()


@watched  # progress, and a Ctrl-C that returns the best matching found so far (solve/progress.py)
def solve_staged(problem: ArcProblem, options: SolveOptions) -> Outcome:
    """Solve the stages in order, fixing each optimum before the next.

    A problem with requirements to honour (``problem.honour``) is solved for the
    most of them first (stage ``"wishes"``), then for ``options.objective``; one with
    pairs to keep (``problem.keep``) for the most of them right after coverage.
    """
    seed, num_workers = options.seed, options.num_workers
    stages = balance_stages(solve_stages(options.objective, wishes=problem.honour is not None,
                                         kept=problem.keep is not None), problem.balance.rules if problem.balance else ())
    started = time.perf_counter()
    work = options.work_limit
    clock = Clock(options.time_limit, auto_work_limit(problem.n_people, len(problem.giver)) if work == "auto" else work)
    built = _Model(problem)

    def infeasible() -> Outcome:
        """The rules cannot all hold: which conflict, and the fewest to drop, as far as time allows."""
        clean = _Model(problem)  # the requirements as assumptions, none fixed yet
        # Half of what is left for the conflicts, so the relaxation gets its turn.
        conflicts, minimal = _conflicts(clean, seed=seed, clock=clock.share(0.5) if clock.limited else clock)
        relaxation, fewest = _cheapest_relaxation(clean, seed=seed, num_workers=num_workers, clock=clock)
        unproven = {name for name, missing in (("conflicts_missing", not conflicts),
                                                ("conflicts_not_minimal", bool(conflicts) and not minimal),
                                                ("relaxation_not_fewest", not fewest)) if missing}
        return Outcome(Status.INFEASIBLE, np.zeros(0, np.int64), conflicts=conflicts, relaxation=relaxation,
                       seconds=time.perf_counter() - started, unproven=frozenset(unproven))

    if built.requirement_literals:
        # A share of the limits, so a slow check cannot leave the stages nothing.
        holds = _requirements_hold(built, seed=seed, clock=clock.share(0.25) if clock.limited else clock)
        if holds is False:
            return infeasible()
        # Undecided in time (None): the stages below either find a matching or prove there is none.
        for lit in built.requirement_literals:
            built.model.add(lit == 1)

    chosen = np.zeros(0, np.int64)
    # Without hard requirements a valid matching is always in hand: the empty one, then a greedy
    # one, which is also the first hint (on thousands of people the search then starts from a
    # good matching instead of building one; it still proves or improves it).
    # With stability_delta the one in hand is a matching without blocking pairs (stable_greedy); one that
    # must also keep balance rules is searched for, as under hard requirements.
    in_hand = not problem.requirements and not (problem.stability is not None and problem.balance is not None)
    if in_hand:
        chosen = stable_greedy(problem) if problem.stability is not None else max(
            (flow_matching(problem), greedy_matching(problem), *balance_hints(problem, options.objective)),
            key=lambda c: (stage_value(problem, "coverage", c), total_of(problem, c)))
        # The hints know no balance rules: pairs are dropped until every hard share and group mix holds.
        chosen = repair(problem.balance, problem.giver, problem.score, chosen)
        _hint(built, chosen)
    values: dict[str, int] = {}
    status = Status.OPTIMAL
    objective = bound = None
    stopped_in = None
    proved: dict[str, tuple[bool, int | None, float]] = {}  # stage -> proven, bound, seconds
    watch = current_watch()
    watch.begin(tuple(stages))
    for i, stage in enumerate(stages):
        watch.stage(stage)
        stage_started = time.perf_counter()
        stage_clock = _stage_clock(clock, stage, later=len(stages) - i - 1)
        if stage == "fairness":
            result = _fairness_stage(built, chosen, valid=in_hand or bool(values), seed=seed,
                                     num_workers=num_workers, clock=stage_clock)
        else:
            result = _objective_stage(built, stage, seed=seed, num_workers=num_workers, clock=stage_clock)
        stage_status, stage_chosen, value, stage_bound = result
        if watch.stopped(stage) and stage_status is Status.OPTIMAL:
            stage_status = Status.FEASIBLE  # a Ctrl-C stopped it: proven nothing, whatever CP-SAT says
        if stage_status is Status.INFEASIBLE:
            # Only hard requirements make a stage infeasible: the first check ran out of time.
            return infeasible()
        if stage_chosen is None and not (in_hand or values):
            # Stopped before any matching that meets the hard requirements.
            stopped_in, status = stage, stage_status
            break
        if stage_chosen is None:
            # No matching found in time: the one in hand holds this stage at its own value, fixed
            # for the stages after it; a bound the search proved on the total is kept.
            value = stage_value(problem, stage, chosen)
            if len(chosen) or stage != "fairness":  # an empty matching has no weakest pair to keep
                _fix_stage(built, stage, value)
            stage_chosen = chosen
            stage_bound = None if stage_bound is None else max(stage_bound, value)
        elif stage_status is not Status.OPTIMAL and (in_hand or values):
            # Stopped short with a worse matching than the one in hand (which meets every stage
            # fixed so far; CP-SAT may drop a hint it cannot complete in time): keep ours.
            mine = stage_value(problem, stage, chosen)
            if mine > value:
                _fix_stage(built, stage, mine)
                stage_chosen, value = chosen, mine
                _hint(built, chosen)
        chosen = stage_chosen
        values[stage] = value
        proved[stage] = (stage_status is Status.OPTIMAL, stage_bound, time.perf_counter() - stage_started)
        log.debug("stage %s: %s, value %d, bound %s, %.2f s", stage, stage_status, value, stage_bound,
                  proved[stage][2])
        if stage == "total":
            objective, bound = value, stage_bound
        if stage_status is not Status.OPTIMAL:
            # The value found holds (it is fixed for the later stages), though not proven best;
            # the later stages optimise given it.
            status = Status.FEASIBLE
            stopped_in = stopped_in or stage
        watch.stage_done(stage, proved[stage][0], value, stage_bound)
        if watch.interrupted:
            # Ctrl-C: the matching in hand is the answer, and the stages after this one are skipped.
            if i < len(stages) - 1:
                status, stopped_in = Status.FEASIBLE, stopped_in or stage
            break
    # A later stage may improve on an earlier one the clock left unproven (its value is only a
    # floor for what follows): report what the matching returned has, not the floor.
    values = {s: stage_value(problem, s, chosen) for s in values}
    objective = values.get("total", objective)
    if bound is not None and objective is not None:
        bound = max(bound, objective)
    proof = tuple(
        StageProof(s, values[s], float(values[s]) if ok else (None if b is None else float(max(b, values[s]))), ok,
                   ("CP-SAT, threshold search" if s == "fairness" else "CP-SAT")
                   + ("; stopped by Ctrl-C" if watch.stopped(s) else ""), secs)
        for s, (ok, b, secs) in proved.items()
    )
    return Outcome(
        status=status,
        chosen=chosen,
        stage_values=values,
        objective=objective,
        bound=bound,
        seconds=time.perf_counter() - started,
        stopped_in=stopped_in,
        proof=proof,
    )


_StageResult = tuple[Status, "np.ndarray | None", int, "int | None"]


def _fix_stage(built: _Model, stage: str, value: int) -> None:
    """Later stages keep at least this value on ``stage``."""
    if stage == "fairness":
        _at_least(built, built.model, value)
    else:
        expr = built.stage_expr(stage)
        if not isinstance(expr, int):
            built.model.add(expr >= value)


#: share of the remaining time limit the fairness search may use when later stages follow
FAIRNESS_SHARE = 0.6


def _stage_clock(clock: Clock, stage: str, *, later: int) -> Clock:
    """The clock one stage runs against: a share of what is left, so later stages still run.

    Without a limit, or for the last stage, the whole remainder. Otherwise the
    fairness search gets FAIRNESS_SHARE of it (near the optimum a threshold probe
    can take long to decide) and another stage an even split with the stages after
    it: a coverage stage that ate the whole limit left a 5,000-person cohort with no
    fairness, no total and no bound.
    """
    if not clock.limited or later == 0:
        return clock
    return clock.share(FAIRNESS_SHARE if stage == "fairness" else 1.0 / (later + 1))


def _keep(built: _Model, solver) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The solver's matching, also set as the hint the next solve starts from."""
    chosen = np.flatnonzero([bool(solver.boolean_value(xa)) for xa in built.x]).astype(np.int64)
    _hint(built, chosen)
    return chosen


def _hint(built: _Model, chosen: np.ndarray) -> None:
    picked = np.zeros(len(built.x), dtype=bool)
    picked[chosen] = True
    built.model.clear_hints()  # type: ignore[no-untyped-call]
    for xa, v in zip(built.x, picked.tolist()):
        built.model.add_hint(xa, v)


def _objective_stage(built: _Model, stage: str, *, seed: int, num_workers: int, clock: Clock) -> _StageResult:
    """Maximise one stage's expression, then fix its value for the stages after it."""
    expr = built.stage_expr(stage)
    built.model.maximize(expr)
    solver = _solver(seed, num_workers, clock)
    status = _run(solver, built.model, clock)
    log.debug("stage %s: %s in %.2f s", stage, status, solver.wall_time)
    built.model.clear_objective()  # type: ignore[no-untyped-call]
    if not status.has_solution:
        # Without a solution CP-SAT's bound field is not a proof (it reads 0 when the search never
        # ran), so none is claimed.
        return status, None, 0, None
    value = int(round(solver.objective_value))
    chosen = _keep(built, solver)
    if stage == "total":
        # A solution short of optimal may leave a cohesion literal off although both of its
        # arcs are chosen; the matching's own total counts it.
        value = max(value, total_of(built.problem, chosen))
    built.model.add(expr >= value)
    bound = int(np.floor(solver.best_objective_bound + 1e-6))
    # A bound below the value found proves nothing (CP-SAT would have said OPTIMAL at equality).
    return status, chosen, value, bound if status is Status.OPTIMAL or bound > value else None


def _fairness_stage(built: _Model, chosen: np.ndarray, *, valid: bool, seed: int, num_workers: int,
                    clock: Clock) -> _StageResult:
    """Make the weakest chosen pair as good as possible, by threshold search.

    A pair's score here is the one the matching shows: its own score plus its
    share of its group's cohesion. "Every chosen pair scores at least t" then
    holds for every t up to the answer and for none above it, so a bisection
    finds the largest feasible t exactly. Each probe is a copy of the model
    with the weak arcs fixed off (or, for a group arc that cohesion may lift,
    its score bound enforced by the arc) and at least one pair chosen: the
    empty matching has no weakest pair, so it never wins this stage. A
    matching with no pair at all scores 0 here.

    ``chosen`` is a matching of the model as it stands when ``valid``; else
    (hard requirements, nothing in hand yet) the search first finds one.
    """
    problem = built.problem
    if not len(problem.score):
        if valid:
            return Status.OPTIMAL, chosen, 0, 0
        # No arc at all, and hard requirements not yet known to hold: only a solve can tell.
        status = _run(_solver(seed, num_workers, clock), built.model, clock)
        return (status if status is not Status.FEASIBLE else Status.OPTIMAL), (
            chosen if status.has_solution else None), 0, 0 if status.has_solution else None
    cohesive = bool(problem.cohesion)
    if cohesive:
        # Cohesion shares make any integer between the scores a possible weakest pair.
        top = int((problem.score + largest_cohesion_shares(problem.receiver, problem.cohesion)).max())
        levels = np.arange(int(problem.score.min()), top + 1, dtype=np.int64)
    else:
        levels = np.unique(problem.score)
    best: np.ndarray | None = chosen if valid and len(chosen) else None

    def probe(level: int) -> bool | None:
        nonlocal best
        # A copy with the weak arcs fixed off, not assumptions: CP-SAT presolves fixed
        # variables away and its LP then proves infeasible probes at the root (measured:
        # 33 s with assumptions, well under a second this way, on a 200-person cohort).
        trial = built.model.clone()
        _at_least(built, trial, level)
        # Half of what is left per probe, so one stubborn probe cannot end the search.
        solver = _solver(seed, num_workers, clock, fraction=0.5)
        found = _run(solver, trial, clock)
        log.debug("fairness probe %d: %s in %.2f s", level, found, solver.wall_time)
        if found.has_solution:
            best = _keep(built, solver)  # the copy shares variable indices with the model
            return True
        # Undecided: the answer may lie at or above this level, so the threshold found is not
        # proven best; the levels below can still raise it.
        return False if found is Status.INFEASIBLE else None

    if best is None:
        # Nothing known to be feasible yet: is there any matching with a pair at all?
        first = probe(int(levels[0]))
        if first is None:
            return (Status.UNKNOWN if not valid else Status.FEASIBLE), None, 0, None
        if not first:
            # No matching with a pair holds. With a matching in hand (then empty) that is the answer;
            # without one, hard requirements are in force, and each needs a pair: none can hold.
            return (Status.OPTIMAL, chosen, 0, 0) if valid else (Status.INFEASIBLE, None, 0, None)
    assert best is not None
    lo = int(np.searchsorted(levels, stage_value(problem, "fairness", best), side="right")) - 1
    lo, proven = highest_level(levels, lo, probe, out_of_time=lambda: clock.out() or current_watch().interrupted)
    # The matching kept may be better than the level proven when the search stopped early.
    value = max(int(levels[lo]), stage_value(problem, "fairness", best))
    _at_least(built, built.model, value)
    return (Status.OPTIMAL if proven else Status.FEASIBLE), best, value, None


def _at_least(built: _Model, model, level: int) -> None:  # type: ignore[no-untyped-def]
    """In ``model`` (the built model or a copy of it): at least one pair, and every chosen pair scores ``level``.

    An arc without cohesion that scores below ``level`` is fixed off; a group
    arc whose share of cohesion may lift it must reach ``level`` with the
    cohesion literals of its co-chosen members, whenever it is chosen.
    """
    problem = built.problem
    x = [model.get_bool_var_from_proto_index(v.index) for v in built.x]
    model.add_bool_or(x)
    terms: dict[int, list[tuple[int, Any]]] = {}
    for (a, b, units), both in zip(problem.cohesion, built.cohesion_literals):
        lit = model.get_bool_var_from_proto_index(both.index)
        share_a, share_b = cohesion_split(units, int(problem.receiver[a]) < int(problem.receiver[b]))
        terms.setdefault(a, []).append((share_a, lit))
        terms.setdefault(b, []).append((share_b, lit))
    for a in np.flatnonzero(problem.score < level).tolist():
        lifted = terms.get(a)
        if lifted and int(problem.score[a]) + sum(share for share, _ in lifted) >= level:
            model.add(int(problem.score[a]) + sum(share * lit for share, lit in lifted) >= level).only_enforce_if(x[a])
        else:
            model.add(x[a] == 0)


def _requirements_hold(built: _Model, *, seed: int, clock: Clock) -> bool | None:
    """Whether the hard requirements can all hold together; None when the time limit left it undecided."""
    built.model.clear_assumptions()
    built.model.add_assumptions(list(built.requirement_literals))
    status = _run(_solver(seed, 1, clock), built.model, clock)
    built.model.clear_assumptions()
    return None if status is Status.UNKNOWN else status is not Status.INFEASIBLE


def _conflicts(built: _Model, *, seed: int, clock: Clock) -> tuple[tuple[int, ...], bool]:
    """A set of hard requirements that cannot hold together (their positions), and whether it is minimal.

    CP-SAT names a sufficient set of assumptions; dropping members one at a
    time while the rest stay infeasible then leaves a minimal conflicting set.
    A check the time limit leaves undecided keeps its member, so the set is
    then still conflicting but not proven minimal; with no time for even the
    first check the set is empty.
    """
    position = {lit.index: i for i, lit in enumerate(built.requirement_literals)}

    def infeasible_with(literals: list) -> tuple[Status, list]:  # type: ignore[type-arg]
        built.model.clear_assumptions()
        built.model.add_assumptions(literals)
        solver = _solver(seed, 1, clock)  # core extraction needs a single worker
        status = _run(solver, built.model, clock)
        core = [built.model.get_bool_var_from_proto_index(i) for i in solver.sufficient_assumptions_for_infeasibility()]
        return status, core

    status, core = infeasible_with(list(built.requirement_literals))
    if status is not Status.INFEASIBLE:
        built.model.clear_assumptions()
        return (), False
    core = core or list(built.requirement_literals)
    minimal = True
    for lit in list(core):
        trial = [c for c in core if c.index != lit.index]
        if not trial:
            continue
        answer, _ = infeasible_with(trial)
        if answer is Status.INFEASIBLE:
            core = trial
        elif answer is Status.UNKNOWN:
            minimal = False
    built.model.clear_assumptions()
    return tuple(sorted(position[c.index] for c in core)), minimal


def _cheapest_relaxation(built: _Model, *, seed: int, num_workers: int,
                         clock: Clock) -> tuple[tuple[int, ...], bool]:
    """The fewest hard requirements whose removal makes the rules satisfiable (positions), and whether proven fewest."""
    built.model.clear_assumptions()
    built.model.maximize(sum(built.requirement_literals))
    solver = _solver(seed, num_workers, clock)
    status = _run(solver, built.model, clock)
    built.model.clear_objective()  # type: ignore[no-untyped-call]
    if not status.has_solution:
        return (), False
    dropped = tuple(i for i, lit in enumerate(built.requirement_literals) if not solver.boolean_value(lit))
    return dropped, status is Status.OPTIMAL