"""How a solve runs, whatever it solves: the stage order, the time limit, the seed and the workers.

Shared by every engine and by both entry points: :func:`mentorpair.match` reads
them from the :class:`~mentorpair.Programme` (``programme.options``), and
:func:`mentorpair.assign` / :func:`mentorpair.pair_peers` from their own
arguments, so a low-level result carries its options and no made-up programme.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..exceptions import Problem, ValidationError, integer_problem
from .vocab import Stage

__all__ = ["STAGES", "SolveOptions", "auto_work_limit", "objective_problem", "time_limit_problem", "work_limit_problem"]

#: the objective stages, in their default order
STAGES: tuple[Stage, ...] = ("coverage", "fairness", "total")


def objective_problem(objective: object) -> str | None:
    """Why ``objective`` is not a non-empty sequence of distinct stages, or None."""
    stages = tuple(objective) if isinstance(objective, (list, tuple)) else objective
    if (not isinstance(stages, tuple) or not stages or any(s not in STAGES for s in stages)
            or len(set(stages)) != len(stages)):
        return f"must be a non-empty sequence of distinct stages from {list(STAGES)}, got {objective!r}"
    return None


def time_limit_problem(time_limit: object) -> str | None:
    """Why ``time_limit`` is not a number of seconds > 0 or None, or None."""
    t = time_limit
    if t is not None and (isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t) or t <= 0):
        return f"must be a number of seconds > 0 or None, got {t!r}"
    return None


def work_limit_problem(work_limit: object) -> str | None:
    """Why ``work_limit`` is not "auto", a number > 0 or None, or None."""
    w = work_limit
    if w == "auto" or w is None:
        return None
    if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w <= 0:
        return f"must be 'auto', a number of deterministic seconds > 0 or None, got {w!r}"
    return None


def auto_work_limit(n_people: int, n_arcs: int) -> float:
    """The default limit on a solve's work: half a minute for a small cohort, five minutes at most.

    In CP-SAT's deterministic seconds, so that a solve it stops gives the same
    matching on every run. On this project's 2-core machine one deterministic
    second took 0.3 to 4 wall-clock seconds (presolve of a large model is the
    slow end), so 1,000 people get 130 (minutes, not the 25 minutes without an
    answer measured without a limit) and the 60-person seed programmes 36, of
    which they use about 2.
    """
    return float(min(300.0, 30.0 + 0.1 * n_people + 0.0002 * n_arcs))


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveOptions:
    """The settings of one solve.

    Parameters
    ----------
    objective
        Stages in order, each solved to optimality before the next.
    time_limit
        Seconds for the whole solve, or None for no limit.
    seed
        The solver's random seed; the same input and seed give the same result.
    num_workers
        CP-SAT search workers; 1 is reproducible on any machine.
    work_limit
        A limit on the search's work in CP-SAT's deterministic seconds, which does
        not depend on the machine or its load: a solve it stops gives the same
        matching on every run. ``"auto"`` (default) scales with the cohort
        (:func:`auto_work_limit`: half a minute to five minutes); ``None`` for no limit.
    """

    objective: tuple[Stage, ...] = STAGES
    time_limit: float | None = None
    seed: int = 0
    num_workers: int = 1
    work_limit: float | Literal["auto"] | None = "auto"

    def __post_init__(self) -> None:
        problems = [Problem(message, field=name) for name, message in (
            ("objective", objective_problem(self.objective)),
            ("time_limit", time_limit_problem(self.time_limit)),
            ("seed", integer_problem(self.seed, 0)),
            ("num_workers", integer_problem(self.num_workers, 1)),
            ("work_limit", work_limit_problem(self.work_limit)),
        ) if message is not None]
        if problems:
            raise ValidationError(problems, what="options")
        object.__setattr__(self, "objective", tuple(self.objective))
