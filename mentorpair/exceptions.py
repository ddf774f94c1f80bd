"""Errors raised by mentorpair.

Every error derives from one root, and also from the builtin it resembles, so
callers can catch either::

    MentorPairError
    ├── ValidationError (ValueError)      bad sign-up data or rules; `.problems`
    ├── SolveError (RuntimeError)
    │   ├── InfeasibleError               the hard rules admit no matching; `.conflicts`
    │   └── NoSolutionError               the solver stopped before finding any matching
    ├── ModelTooLargeError (MemoryError)  the model would exceed the memory budget
    └── MissingDependencyError (ImportError)  an optional extra is not installed
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MESSAGE_LIMIT",
    "InfeasibleError",
    "MentorPairError",
    "MissingDependencyError",
    "ModelTooLargeError",
    "NoSolutionError",
    "Problem",
    "SolveError",
    "ValidationError",
]


class MentorPairError(Exception):
    """Root of every error mentorpair raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where it is and what is wrong.

    ``row`` is the 1-based data row as a spreadsheet user counts it (the
    header is row 1, so the first participant is row 2); ``None`` when the
    problem is not tied to a row (a missing column, a rule).
    """

    message: str
    row: int | None = None
    participant: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.participant is not None:
            where.append(f"participant {self.participant!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


#: The most problems a ValidationError's message lists; ``.problems`` keeps every one.
MESSAGE_LIMIT = 20


class ValidationError(MentorPairError, ValueError):
    """Input that cannot be used as it is. Finds every problem, not just the first.

    ``.problems`` holds all of them; the message lists the first
    :data:`MESSAGE_LIMIT` and says how many more there are, so that a file with
    a thousand bad rows still gives a message a person can read.
    :meth:`describe` words any number of them.
    """

    def __init__(self, problems: Iterable[Problem], *, what: str = "input") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.what = what
        super().__init__(self.describe())

    def describe(self, limit: int | None = MESSAGE_LIMIT) -> str:
        """The message with at most ``limit`` problems listed (``None``: every one)."""
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the {self.what}:"
        shown = self.problems if limit is None or count <= limit else self.problems[:limit]
        lines = [header, *(f"  - {p}" for p in shown)]
        if len(shown) < count:
            more = count - len(shown)
            lines.append(f"  ... and {more} more problem{'s' if more != 1 else ''} (.problems lists every one)")
        return "\n".join(lines)


class SolveError(MentorPairError, RuntimeError):
    """The solver could not return a usable matching."""


class InfeasibleError(SolveError):
    """The hard rules contradict each other; ``conflicts`` says which, in words.

    ``conflicts`` is one smallest set of rules that cannot all hold; ``relaxation``
    the fewest rules whose removal makes a matching possible, which names every
    separate conflict (a minimal set names one). The message lists both, each up
    to :data:`MESSAGE_LIMIT` lines.
    """

    def __init__(self, conflicts: Iterable[str], relaxation: Iterable[str] = ()) -> None:
        self.conflicts: tuple[str, ...] = tuple(conflicts)
        self.relaxation: tuple[str, ...] = tuple(relaxation)
        text = "No matching satisfies every hard rule. These rules conflict:\n"
        text += _listed(self.conflicts, ".conflicts") if self.conflicts else "  (no smaller set found)"
        if set(self.relaxation) - set(self.conflicts):
            count = len(self.relaxation)
            text += (f"\nFor any matching, {'this rule' if count == 1 else f'these {count} rules'} must be dropped "
                     f"(the fewest):\n{_listed(self.relaxation, '.relaxation')}")
        super().__init__(text)


def _listed(lines: tuple[str, ...], attribute: str) -> str:
    """Up to MESSAGE_LIMIT lines as a list, and how many more there are."""
    shown = [f"  - {line}" for line in lines[:MESSAGE_LIMIT]]
    if len(lines) > MESSAGE_LIMIT:
        more = len(lines) - MESSAGE_LIMIT
        shown.append(f"  ... and {more} more ({attribute} lists every one)")
    return "\n".join(shown)


class NoSolutionError(SolveError):
    """The time limit ran out before any matching was found."""


class ModelTooLargeError(MentorPairError, MemoryError):
    """Refused before building: the estimated model would not fit the memory budget."""


class MissingDependencyError(MentorPairError, ImportError):
    """An optional dependency is needed for what was asked."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the package {package!r}, which is not installed. "
            f"Install it with: pip install 'mentorpair[{extra}]'"
        )


def integer_problem(value: object, least: int, *, most: int | None = None, none_ok: bool = False) -> str | None:
    """The message for a value that should be an integer in ``[least, most]`` (``None`` allowed if ``none_ok``), or None.

    One wording for every integer setting (a bool is not an integer here):

    >>> integer_problem(0, 1)
    'must be an integer >= 1, got 0'
    >>> integer_problem(2**62, 1, most=1_000_000)
    'must be an integer from 1 to 1,000,000, got 4611686018427387904'
    >>> integer_problem(None, 0, none_ok=True) is None
    True
    """
    if none_ok and value is None:
        return None
    wrong = isinstance(value, bool) or not isinstance(value, int) or value < least
    if not wrong and (most is None or value <= most):  # type: ignore[operator]
        return None
    allowed = f">= {least}" if most is None else f"from {least:,} to {most:,}"
    return f"must be an integer {allowed}{' or None' if none_ok else ''}, got {value!r}"
