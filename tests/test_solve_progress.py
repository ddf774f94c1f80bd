"""Progress on long solves: INFO lines per stage (numbers only, at most about one a second), and a bar.

Neither may change a result: the same cohort and seed give byte-identical pairs
with the bar and INFO logging on as with both off.
"""

from __future__ import annotations

import logging
import sys
import threading

import pytest

import mentorpair as mp
from mentorpair.solve import progress
from mentorpair.solve.progress import Watch, progress_wanted, solve_progress
from mentorpair.synthetic import synthetic_cohort
from mentorpair.testing import HashEncoder

# Groups and peers keep the blossom out: this cohort is solved by CP-SAT, stage by stage.
ALL_FORMS = mp.Programme(forms={"traditional", "reverse", "group", "peer"}, max_mentees_per_mentor=None)


@pytest.fixture(scope="module")
def cohort() -> mp.Cohort:
    return synthetic_cohort(40, seed=5)


def test_each_stage_is_logged_at_info_with_numbers_only(cohort: mp.Cohort, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mentorpair.solve"):
        matching = mp.match(cohort, ALL_FORMS, encoder=HashEncoder(), progress=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "mentorpair.solve.progress"]
    for stage in matching.proof["stage"]:
        assert any(line.startswith((f"stage {stage} proven", f"stage {stage} not proven")) for line in lines), \
            (stage, lines)
    ended = [line for line in lines if line.startswith("stage ")]
    assert len(ended) == len(matching.proof)
    # Fairness and total as the matching shows them (points, not the solver's integer units).
    total_line = next(line for line in ended if line.startswith("stage total"))
    assert f"value {matching.objective:.4f}" in total_line
    people = {p.id for p in cohort} | {p.name for p in cohort if p.name}
    assert not [line for line in lines if any(word in people for word in line.replace(",", " ").split())]


def test_progress_lines_are_rate_limited(caplog: pytest.LogCaptureFixture) -> None:
    watch = Watch(progress._Settings(enabled=False, scale=10_000))
    watch.stage("total")
    with caplog.at_level(logging.INFO, logger="mentorpair.solve.progress"):
        for k in range(500):  # CP-SAT may find hundreds of solutions a second
            watch.solution(1000.0 + k, 2000.0)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1, lines
    assert lines[0].startswith("total: best 0.1000, bound 0.2000 (gap 100.00%)")


def test_the_bar_and_the_log_do_not_change_the_result(cohort: mp.Cohort, capsys: pytest.CaptureFixture[str],
                                                      caplog: pytest.LogCaptureFixture) -> None:
    quiet = mp.match(cohort, ALL_FORMS, encoder=HashEncoder(), progress=False)
    capsys.readouterr()
    with caplog.at_level(logging.INFO, logger="mentorpair.solve"):
        shown = mp.match(cohort, ALL_FORMS, encoder=HashEncoder(), progress=True)
    drawn = capsys.readouterr().err
    assert "solving " in drawn and "stages" in drawn  # the bar was there (on stderr)
    assert shown.pairs.to_csv() == quiet.pairs.to_csv()
    assert shown.unmatched.to_csv() == quiet.unmatched.to_csv()
    assert shown.status is quiet.status and shown.stage_values == quiet.stage_values
    columns = ["stage", "value", "bound", "proven", "engine"]
    assert shown.proof[columns].to_csv() == quiet.proof[columns].to_csv()


def test_a_bar_left_to_choose_is_not_drawn_for_a_quick_solve(cohort: mp.Cohort, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "_stderr_is_tty", lambda: True)  # as in a terminal
    monkeypatch.delenv("MENTORPAIR_PROGRESS", raising=False)
    monkeypatch.setattr(progress, "BAR_DELAY", 600.0)
    mp.match(cohort, ALL_FORMS, encoder=HashEncoder())
    assert "solving " not in capsys.readouterr().err


def test_when_the_bar_is_shown_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MENTORPAIR_PROGRESS", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    monkeypatch.setattr(progress, "_stderr_is_tty", lambda: False)
    assert not progress_wanted(None)  # a pipe, a log file, CI, pytest
    assert progress_wanted(True) and not progress_wanted(False)
    monkeypatch.setattr(progress, "_stderr_is_tty", lambda: True)
    assert progress_wanted(None)  # a terminal
    monkeypatch.setenv("MENTORPAIR_PROGRESS", "0")
    assert not progress_wanted(None) and progress_wanted(True)
    monkeypatch.delenv("MENTORPAIR_PROGRESS")
    monkeypatch.setattr(progress, "_stderr_is_tty", lambda: False)
    monkeypatch.setitem(sys.modules, "ipykernel", sys)  # any module: a Jupyter kernel is running
    assert progress_wanted(None)


def test_the_settings_hold_only_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress._settings.get() is None
    with solve_progress(False, scale=100):
        inside = progress._settings.get()
        assert inside is not None and inside.enabled is False and inside.scale == 100
    assert progress._settings.get() is None


def test_a_watch_shows_stages_in_their_units() -> None:
    watch = Watch(progress._Settings(enabled=False, scale=10_000))
    assert watch._shown("coverage", 150) == "150"
    assert watch._shown("fairness", 4306) == "0.4306"
    assert Watch(progress._Settings(enabled=False))._shown("total", 4306) == "4306"  # no scale: the solver's units
    watch.stage("fairness")
    watch.probe(True)
    watch.probe(False)
    assert watch._status() == "fairness: 2 threshold probes, 1 feasible"


def test_a_solve_in_another_thread_gives_the_same_result(cohort: mp.Cohort) -> None:
    # In the main thread the watch runs CP-SAT in a worker thread (so that Ctrl-C reaches it);
    # elsewhere it runs in place. Same search, same bytes.
    here = mp.match(cohort, ALL_FORMS, encoder=HashEncoder(), progress=False)
    there: list[mp.Matching] = []
    worker = threading.Thread(target=lambda: there.append(mp.match(cohort, ALL_FORMS, encoder=HashEncoder(),
                                                                    progress=False)))
    worker.start()
    worker.join(120)
    assert there and there[0].pairs.to_csv() == here.pairs.to_csv()
    assert there[0].stage_values == here.stage_values
