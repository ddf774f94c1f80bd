"""What is left of a solve's limits: wall-clock seconds, and CP-SAT's deterministic time.

A wall-clock limit depends on the machine and its load, so a solve it stops may
end differently on the next run. CP-SAT's deterministic time counts the work
done instead; a solve stopped by it (one worker) gives the same matching on
every run and machine. A :class:`Clock` holds either or both, and hands shares
of what is left to the stages, so that no stage starves the ones after it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

__all__ = ["Clock"]


@dataclass
class Clock:
    """Limits of one solve, or of a share of one; ``None`` means no limit of that kind."""

    seconds: float | None = None
    work: float | None = None
    _started: float = field(default_factory=time.perf_counter, repr=False)
    _spent_work: float = field(default=0.0, repr=False)
    _parent: Clock | None = field(default=None, repr=False)

    @property
    def limited(self) -> bool:
        return self.seconds is not None or self.work is not None

    def seconds_left(self) -> float | None:
        return None if self.seconds is None else self.seconds - (time.perf_counter() - self._started)

    def work_left(self) -> float | None:
        return None if self.work is None else self.work - self._spent_work

    def out(self) -> bool:
        """Whether either limit is used up."""
        left = [v for v in (self.seconds_left(), self.work_left()) if v is not None]
        return any(v <= 0 for v in left)

    def share(self, fraction: float) -> Clock:
        """A clock for ``fraction`` of what is left of this one; work spent on it counts here too."""
        seconds, work = self.seconds_left(), self.work_left()
        return Clock(None if seconds is None else fraction * seconds, None if work is None else fraction * work,
                     _parent=self)

    def spend(self, work: float) -> None:
        """Count ``work`` (CP-SAT's deterministic time of a solve) against this clock and those above it."""
        self._spent_work += work
        if self._parent is not None:
            self._parent.spend(work)
