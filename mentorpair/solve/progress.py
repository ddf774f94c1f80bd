"""Watching a long solve: progress as INFO logging and a bar, and a Ctrl-C that stops the search, not the program.

Every :func:`~mentorpair.solve.cpsat.solve_staged` runs under a :class:`Watch`
(the :func:`watched` decorator). While it runs, in the main thread and with
Python's own SIGINT handler in place, the watch holds SIGINT: the first Ctrl-C
stops the CP-SAT search in hand (``CpSolver.stop_search``), the stages after it
are skipped, and the best matching found so far comes back, FEASIBLE and marked
``"interrupted"`` in ``Outcome.unproven``; a second Ctrl-C raises
KeyboardInterrupt as usual, and so does one outside a staged solve (scoring,
encoding). Python runs a signal handler only in the main thread and only between
bytecodes, never while the thread is inside CP-SAT's C++ search, so the watch
runs each search in a worker thread and waits for it where a signal can reach it.

CP-SAT's own SIGINT handling (``catch_sigint_signal``, on by default) is turned
off by the model: it stops the search too, but says nothing to the caller, and
on its way out it sets SIGINT back to the system default, after which a Ctrl-C
killed Python outright, with no KeyboardInterrupt and no message.

Progress never changes a result: the search runs with the same parameters and
the same seed whether it is watched or not; only what is logged or drawn differs.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any, TypeVar

from ..model.options import SolveOptions
from ..status import Status
from .problem import ArcProblem, Outcome

__all__ = ["INTERRUPTED", "Watch", "current_watch", "progress_wanted", "solve_progress", "watched"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: the name in ``Outcome.unproven`` of a solve a Ctrl-C stopped
INTERRUPTED = "interrupted"
#: at most one progress line a second in the log, however many solutions CP-SAT finds
LOG_EVERY = 1.0
#: a bar shown by default appears only once a solve has run this long, so quick solves draw nothing
BAR_DELAY = 1.0
#: the bar is drawn again at most this often (and at each stage's start and end)
DRAW_EVERY = 0.2
#: how often the waiting thread looks at the search (and redraws the bar)
_POLL = 0.1


@dataclass
class _Settings:
    enabled: bool | None = None  # the bar: None shows it in a terminal or a notebook
    scale: int | None = None  # score units per point, to show fairness and total as the matching does
    interrupted: bool = False  # a Ctrl-C stopped a solve of this call already: the later solves skip


_settings: ContextVar[_Settings | None] = ContextVar("mentorpair_solve_progress", default=None)


@contextmanager
def solve_progress(enabled: bool | None, *, scale: int | None = None) -> Iterator[None]:
    """The progress bar of the staged solves inside: shown (True), not (False), or where it fits (None).

    ``scale`` (score units per point) lets the bar and the log show fairness and
    total in the matching's units. A Ctrl-C that stops one solve inside also
    stops those after it (a pipeline that solves again after an infeasible
    pruned model does not start over). Inside another's (the decision loop's many solves, or
    ``compare``'s matches), the outer one serves: one Ctrl-C stops the rest of them too, and a
    second one raises.
    """
    if _settings.get() is not None:
        yield
        return
    token = _settings.set(_Settings(enabled, scale))
    try:
        yield
    finally:
        _settings.reset(token)


def progress_wanted(enabled: bool | None) -> bool:
    """Whether to draw the bar: ``enabled``, or for None a terminal or a notebook, unless ``MENTORPAIR_PROGRESS=0``."""
    if enabled is not None:
        return enabled
    if os.environ.get("MENTORPAIR_PROGRESS", "").strip().casefold() in ("0", "off", "false", "no"):
        return False
    return _stderr_is_tty() or "ipykernel" in sys.modules


def _stderr_is_tty() -> bool:
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


class Watch:
    """One staged solve, watched: which stage runs, the best found, Ctrl-C."""

    def __init__(self, settings: _Settings) -> None:
        self._settings = settings
        self.started = time.perf_counter()
        self.interrupted_in: str | None = None  # the stage current when Ctrl-C came
        self._stopped: str | None = None  # the stage Ctrl-C came in before it ended
        self._between = False  # the current stage has ended, the next not begun
        self._stage: str | None = None
        self._stage_started = self.started
        self._stages: tuple[str, ...] = ()
        self._done = 0
        self._best: float | None = None
        self._bound: float | None = None
        self._probes = [0, 0]  # threshold probes run, found feasible (the fairness stage)
        self._last_log = self._last_draw = -math.inf
        self._stop: Callable[[], None] | None = None
        self._bar: Any = None
        self._draw = progress_wanted(settings.enabled)
        self.owns_sigint = False
        self.idle = False
        # The bar is drawn from the thread that runs the solve only: CP-SAT's callbacks come from its
        # own threads, and two threads drawing at once could each start a bar.
        self._owner = threading.get_ident()

    @property
    def interrupted(self) -> bool:
        return self._settings.interrupted

    @property
    def reporting(self) -> bool:
        """Whether solutions are worth reporting (a bar, or INFO logging): else no callback is attached."""
        return not self.idle and (self._draw or log.isEnabledFor(logging.INFO))

    # --- stages -------------------------------------------------------------------------

    def begin(self, stages: tuple[str, ...]) -> None:
        self._stages = stages

    def stage(self, name: str) -> None:
        """Stage ``name`` starts."""
        self._stage, self._stage_started = name, time.perf_counter()
        self._best = self._bound = None
        self._probes = [0, 0]
        self._between = False
        self._redraw(now=True)

    def stopped(self, stage: str) -> bool:
        """Whether a Ctrl-C came while ``stage`` ran (then nothing it found is proven, whatever CP-SAT says)."""
        return self._stopped == stage

    def stage_done(self, name: str, proven: bool, value: int, bound: int | None) -> None:
        """Stage ``name`` ended at ``value``: one INFO line, numbers only."""
        self._done += 1
        self._between = True
        seconds = time.perf_counter() - self._stage_started
        log.info("stage %s %s: value %s, bound %s, %.1f s", name, "proven" if proven else "not proven",
                 self._shown(name, value), "-" if bound is None else self._shown(name, bound), seconds)
        if self._bar is not None:
            self._bar.update(1)
            self._redraw(now=True)

    # --- one CP-SAT search ----------------------------------------------------------------

    def solution(self, value: float, bound: float) -> None:
        """A solution callback of an optimising stage: CP-SAT's objective and bound so far (its units)."""
        if self._stage in (None, "fairness"):  # a check before the stages, or a probe: no objective to show
            return
        self._best, self._bound = value, bound
        self._report()

    def new_bound(self, bound: float) -> None:
        """CP-SAT's bound callback: the bound improved between solutions."""
        if self._stage not in (None, "fairness"):
            self._bound = bound
            self._report()

    def probe(self, found: bool) -> None:
        """A fairness threshold probe ended."""
        if self._stage != "fairness":
            return
        self._probes[0] += 1
        self._probes[1] += int(found)
        self._report()

    def search(self, solve: Callable[[], T], stop: Callable[[], None]) -> T:
        """``solve()``, in a worker thread where Ctrl-C is the watch's, so that ``stop`` can end it early."""
        if not self.owns_sigint:
            return solve()
        done = threading.Event()
        answer: list[T] = []
        failed: list[BaseException] = []

        def run() -> None:
            try:
                answer.append(solve())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as it is
                failed.append(exc)
            finally:
                done.set()

        self._stop = stop
        # A daemon: a second Ctrl-C leaves the caller while the search winds down.
        threading.Thread(target=run, name="mentorpair-cp-sat", daemon=True).start()
        try:
            # Event.wait, not Thread.join: a join a signal handler interrupts may later return early.
            while not done.wait(_POLL):
                if self.interrupted:
                    # A stop before the search has begun is lost, so ask until it ends.
                    stop()
                self._redraw()
        except BaseException:
            stop()
            raise
        finally:
            self._stop = None
        if failed:
            raise failed[0]
        return answer[0]

    # --- Ctrl-C ---------------------------------------------------------------------------

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        if self.interrupted:
            raise KeyboardInterrupt
        self._settings.interrupted = True
        self.interrupted_in = self._stage
        self._stopped = None if self._between else self._stage
        log.warning("Ctrl-C: stopping the search in stage %s; the best matching found so far is kept "
                    "(Ctrl-C again to abort)", self._stage or "-")
        if self._stop is not None:
            self._stop()

    @contextmanager
    def holding_sigint(self) -> Iterator[None]:
        """SIGINT is the watch's inside, where it may be: the main thread, with Python's own handler in place."""
        if threading.current_thread() is not threading.main_thread() \
                or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            yield  # someone else's handler, or a thread a signal never reaches: left as it is
            return
        previous = signal.signal(signal.SIGINT, self._on_sigint)
        self.owns_sigint = True
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
            self.owns_sigint = False

    # --- showing it -----------------------------------------------------------------------

    def _shown(self, stage: str, value: float) -> str:
        scale = self._settings.scale
        if stage in ("fairness", "total") and scale:
            return f"{value / scale:.4f}"
        return f"{value:.0f}"

    def _status(self) -> str:
        stage = self._stage or "-"
        if stage == "fairness":
            return f"{stage}: {self._probes[0]} threshold probes, {self._probes[1]} feasible"
        if self._best is None:
            return f"{stage}: searching"
        text = f"{stage}: best {self._shown(stage, self._best)}"
        if self._bound is not None:
            text += f", bound {self._shown(stage, self._bound)}"
            if self._bound > self._best and abs(self._best) > 0:
                text += f" (gap {(self._bound - self._best) / abs(self._best):.2%})"
        return text

    def _report(self) -> None:
        now = time.perf_counter()
        try:
            if now - self._last_log >= LOG_EVERY:
                self._last_log = now
                log.info("%s, %.1f s into the stage", self._status(), now - self._stage_started)
            self._redraw()
        except Exception:  # called inside CP-SAT's search: a broken display must not end it
            log.debug("progress display failed", exc_info=True)
            self._draw = False

    def _redraw(self, *, now: bool = False) -> None:
        if not self._draw or threading.get_ident() != self._owner:
            return
        try:
            self._draw_now(now)
        except Exception:  # a broken display must not end a solve, nor change its result
            log.debug("progress display failed", exc_info=True)
            self._draw = False

    def _draw_now(self, now: bool) -> None:
        moment = time.perf_counter()
        if not now and moment - self._last_draw < DRAW_EVERY:
            return
        self._last_draw = moment
        if self._bar is None:
            if self._settings.enabled is None and time.perf_counter() - self.started < BAR_DELAY:
                return
            self._bar = _new_bar(len(self._stages) or None)
            if self._bar is None:
                self._draw = False
                return
            self._bar.update(self._done)
        self._bar.set_description_str(self._status(), refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _new_bar(total: int | None) -> Any:
    try:
        # Optional (it comes with sentence-transformers) and only needed when a bar is shown.
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with sentence-transformers
        return None
    return tqdm(total=total, unit="stage", leave=False, dynamic_ncols=True,
                bar_format="solving {desc} | {n_fmt}/{total_fmt} stages, {elapsed}")


_active: ContextVar[Watch | None] = ContextVar("mentorpair_solve_watch", default=None)
_IDLE = Watch(_Settings(enabled=False))  # outside any staged solve: reports nothing, holds no signal
_IDLE.idle = True


def current_watch() -> Watch:
    """The watch of the staged solve running here (an idle one outside any)."""
    watch = _active.get()
    return watch if watch is not None else _IDLE


def watched(solve: Callable[[ArcProblem, SolveOptions], Outcome]) -> Callable[[ArcProblem, SolveOptions], Outcome]:
    """``solve`` under a :class:`Watch`: progress, and Ctrl-C that returns the best matching found so far."""

    @functools.wraps(solve)
    def run(problem: ArcProblem, options: SolveOptions) -> Outcome:
        if _active.get() is not None:  # a staged solve inside another: the outer watch serves
            return solve(problem, options)
        watch = Watch(_settings.get() or _Settings())
        token = _active.set(watch)
        try:
            with watch.holding_sigint():
                outcome = solve(problem, options)
        finally:
            _active.reset(token)
            watch.close()
        if watch.interrupted and outcome.status is not Status.OPTIMAL:
            # A Ctrl-C after the last stage was proven took nothing away: the result says nothing of it.
            return replace(outcome, unproven=outcome.unproven | {INTERRUPTED})
        return outcome

    return run
