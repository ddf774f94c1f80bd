"""Matching plots: the three panels, saving to PNG, and the message when matplotlib is missing."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

import mentorpair as mp
from mentorpair.result.plot import plot_matching
from mentorpair.testing import HashEncoder

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

P = mp.Participant
R = mp.Role
PNG = b"\x89PNG\r\n\x1a\n"

COHORT = mp.Cohort((
    P("M1", R.MENTOR, organisation="Beta", offers="python data science", goal_areas=("data",), experience_years=10,
      languages=("fi", "en")),
    P("M2", R.MENTOR, organisation="Gamma", offers="leadership coaching", experience_years=12, languages=("en",)),
    P("A1", R.MENTEE, organisation="Beta", goals="python data science", goal_areas=("data",), experience_years=1),
    P("A2", R.MENTEE, goals="leadership", experience_years=2, wishes=("M2",)),
    P("A3", R.MENTEE, goals="gardening", languages=("sv",)),
    P("M3", R.MENTOR, offers="gardening", languages=("fi",)),
))


@pytest.fixture(scope="module")
def matching(solve) -> mp.Matching:  # type: ignore[no-untyped-def]
    m = solve(COHORT, mp.Programme(same_organisation="discouraged"))
    assert ("M1", "A1") in set(zip(m.pairs["mentor_id"], m.pairs["mentee_id"]))  # colleagues: a penalty
    assert list(m.unmatched["participant_id"]) == ["A3", "M3"]
    return m


def titles(fig) -> list[str]:  # type: ignore[no-untyped-def]
    return [ax.get_title(loc="left") for ax in fig.axes]


def all_text(fig) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(t.get_text() for ax in fig.axes for t in ax.texts) + "\n" + fig.get_suptitle()


def test_saves_a_png(matching: mp.Matching, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "matching.png"
    fig = plot_matching(matching, out)
    data = out.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    assert titles(fig) == ["Score distribution", "Who is unmatched", "Score parts per pair (sorted by score)"]
    assert "OPTIMAL" in fig.get_suptitle() and "4 of 6 matched in 2 pairs" in fig.get_suptitle()


def test_breakdown_stacks_the_pair_columns(matching: mp.Matching) -> None:
    fig = plot_matching(matching)
    ax = fig.axes[2]
    ordered = matching.pairs.sort_values("score", kind="stable").reset_index(drop=True)
    tops = [0.0] * len(ordered)
    bottoms = [0.0] * len(ordered)
    for patch in ax.patches:
        i = round(patch.get_x() + patch.get_width() / 2)
        if patch.get_height() >= 0:
            tops[i] = max(tops[i], patch.get_y() + patch.get_height())
        else:
            bottoms[i] = min(bottoms[i], patch.get_y() + patch.get_height())
    positive = ordered[["goal_text", "goal_areas", "experience", "meeting", "wish", "cohesion"]].sum(axis=1)
    assert tops == pytest.approx(list(positive), abs=1e-9)
    assert bottoms == pytest.approx(list(ordered["same_organisation"]), abs=1e-9)
    assert [t + b for t, b in zip(tops, bottoms)] == pytest.approx(list(ordered["score"]), abs=1e-9)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [f"{a}–{b}" for a, b in zip(ordered["mentor_id"], ordered["mentee_id"])]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "penalty: same organisation" in legend and "wish" in legend


def test_names_the_unmatched(matching: mp.Matching) -> None:
    fig = plot_matching(matching)
    text = all_text(fig)
    assert "1 unmatched: A3" in text and "1 unmatched: M3" in text
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["mentor", "mentee"]


def test_not_left_open_in_pyplot(matching: mp.Matching) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    for _ in range(25):  # more than pyplot's "too many open figures" warning allows
        plot_matching(matching)
    assert plt.get_fignums() == before


def test_infeasible_shows_the_conflicts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.Cohort((
        P("M", R.MENTOR, capacity=1), P("N", R.MENTOR),
        P("A", R.MENTEE, wishes=("M",)), P("B", R.MENTEE, wishes=("M",)), P("C", R.MENTEE),
    ))
    m = mp.match(cohort, mp.Programme(wishes="hard", max_mentees_per_mentor=3), encoder=HashEncoder())
    fig = plot_matching(m, tmp_path / "bad.png")
    text = all_text(fig)
    assert "cannot all hold" in text
    for conflict in m.conflicts:
        assert conflict in text.replace("\n   ", " ")
    assert "no pairs" in text


def test_scores_without_parts_and_many_pairs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    n = 50
    edges = pd.DataFrame({"mentor_id": [f"M{i}" for i in range(n)], "mentee_id": [f"A{i}" for i in range(n)],
                          "score": [float(i % 7) for i in range(n)]})
    fig = plot_matching(mp.assign(edges), tmp_path / "assign.png")
    ax = fig.axes[2]
    assert "no parts" in ax.get_title(loc="left")
    assert ax.get_xticklabels() == [] or all(not t.get_text() for t in ax.get_xticklabels())
    assert ax.get_xlabel() == f"{n} pairs, weakest on the left"
    assert (tmp_path / "assign.png").read_bytes().startswith(PNG)


def test_svg_by_suffix(matching: mp.Matching, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plot_matching(matching, tmp_path / "m.svg")
    assert b"<svg" in (tmp_path / "m.svg").read_bytes()[:500]


def test_missing_matplotlib_says_what_to_install(matching: mp.Matching, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(mp.MissingDependencyError, match=r"pip install 'mentorpair\[plot\]'") as info:
        plot_matching(matching)
    assert isinstance(info.value, ImportError)
    assert "matplotlib" in str(info.value)


def test_participant_text_is_never_read_as_mathtext(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """matplotlib reads $...$ as math; an id such as "$\\foo$" must neither break the plot nor render as math."""
    odd = mp.Cohort((
        P("$\\foo$", R.MENTOR, languages=("fi",)),
        P("B", R.MENTEE, languages=("fi",)),
        P("$x^2$", R.MENTEE, languages=("sv",)),
    ))
    m = mp.match(odd, mp.Programme(), encoder=HashEncoder())
    fig = plot_matching(m, tmp_path / "odd.png")
    labels = [t.get_text() for t in fig.axes[2].get_xticklabels()]
    assert labels == ["$\\foo$–B"]  # as math, "\\foo" is an unknown command and drawing fails
    assert "$x^2$" in all_text(fig)
    assert (tmp_path / "odd.png").read_bytes().startswith(PNG)
