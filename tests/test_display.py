"""The HTML shown in Jupyter for a Matching, a Cohort and a Programme: content, and that
participant text is always escaped."""

from __future__ import annotations

import re
from dataclasses import fields
from html.parser import HTMLParser

import pandas as pd
import pytest

import mentorpair as mp
from mentorpair.model.html import cohort_html, programme_html
from mentorpair.result.html import SCORE_PARTS, matching_html, score_bar
from mentorpair.testing import HashEncoder

P = mp.Participant
R = mp.Role
SCRIPT = "<script>alert(1)</script>"

# Tags and attributes the display may produce; anything else means text got through unescaped.
ALLOWED_TAGS = {"div", "span", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "code"}
ALLOWED_ATTRS = {"style", "title", "class"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: set[str] = set()
        self.titles: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.add(name)
            if name == "title" and value is not None:
                self.titles.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audit(markup: str) -> _Audit:
    parser = _Audit()
    parser.feed(markup)
    parser.close()
    assert set(parser.tags) <= ALLOWED_TAGS, set(parser.tags) - ALLOWED_TAGS
    assert parser.attrs <= ALLOWED_ATTRS, parser.attrs - ALLOWED_ATTRS
    return parser


def visible(markup: str) -> str:
    return " ".join(" ".join(audit(markup).text).split())


EVIL_COHORT = mp.Cohort((
    P("M<b>1", R.MENTOR, organisation='Acme "Oy" <img src=x onerror=alert(2)>', offers="python data science",
      goal_areas=("data",), experience_years=10, languages=("fi", "en")),
    P("M2", R.MENTOR, organisation="Beta", offers="python data science", experience_years=12, languages=("en",)),
    P("A1", R.MENTEE, organisation="Beta", goals=f"{SCRIPT} python data science", goal_areas=("data",),
      wishes=("M<b>1",), experience_years=1),
    P("A2", R.MENTEE, goals="leadership", experience_years=2),
    P("A&3", R.MENTEE, goals="gardening", languages=("sv",)),
    P("M4", R.MENTOR, offers="gardening", languages=("fi",)),
), notes=("delimiter ';' <detected>",))
RULES = mp.Programme(same_organisation="discouraged", exclusions=(("M4", "A2"),))


@pytest.fixture(scope="module")
def matching(solve) -> mp.Matching:  # type: ignore[no-untyped-def]
    return solve(EVIL_COHORT, RULES)  # type: ignore[no-any-return]


def test_matching_html_content(matching: mp.Matching) -> None:
    markup = matching_html(matching)
    text = visible(markup)
    assert "OPTIMAL" in text
    n = len(matching.matched_ids)
    assert f"{n} of 6 participants matched" in text
    assert f"in {len(matching.pairs)} pairs" in text
    weakest = matching.pairs["score"].min()
    assert f"Weakest pair {weakest:.4f}" in text
    assert f"{matching.objective:.4f}" in text
    for mentor, mentee in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]):
        assert mentor in text and mentee in text
    for pid, reason in zip(matching.unmatched["participant_id"], matching.unmatched["reason"]):
        assert pid in text and " ".join(reason.split()) in text
    assert "hash-bow-32" in text


def test_every_pair_has_a_bar_whose_tooltip_adds_up(matching: mp.Matching) -> None:
    titles = [t for t in audit(matching_html(matching)).titles if "=" in t]
    assert len(titles) == len(matching.pairs)
    for title, score in zip(titles, matching.pairs["score"]):
        assert title.endswith(f"= {score:.4f}")
        # The parts in the tooltip are exact, so they add up to the score.
        numbers = [float(x) for x in re.findall(r"(-?\d+\.\d{4})", title)]
        signs = [-1 if "−" in chunk else 1 for chunk in re.split(r"(?=[+−=])", title)[1:-1]]
        assert sum(s * n for s, n in zip([1, *signs], numbers[:-1])) == pytest.approx(numbers[-1], abs=1e-9)


def test_penalty_is_hatched_over_what_it_takes_back(matching: mp.Matching) -> None:
    markup = matching_html(matching)
    penalised = bool((matching.pairs["same_organisation"] < 0).any())
    assert ("cancelled by the same-organisation penalty" in markup) == penalised
    assert ("taken back by the same-organisation penalty" in markup) == penalised  # the legend
    parts = {"goal_text": 0.3, "goal_areas": 0.2, "experience": 0.1, "same_organisation": -0.15}
    bar = score_bar(parts, scale=1.0)
    widths = [float(w) for w in re.findall(r"flex:0 0 ([\d.]+)%", bar)]
    assert sum(widths) == pytest.approx(60.0, abs=0.01)  # every positive part, solid or hatched
    solid = [float(w) for w in re.findall(r"flex:0 0 ([\d.]+)%;height:100%;background:#[0-9A-F]+\"", bar)]
    assert sum(solid) == pytest.approx(45.0, abs=0.01)  # the score
    assert "− same organisation 0.1500 = 0.4500" in bar


def test_participant_text_is_escaped(matching: mp.Matching) -> None:
    for markup in (matching_html(matching), cohort_html(EVIL_COHORT), programme_html(RULES),
                   programme_html(mp.Programme(fixed_pairs=(("M<b>1", "A1"),)))):
        assert "<script" not in markup.lower()
        assert "<img" not in markup.lower()
        assert "<b>" not in markup
        audit(markup)  # only the display's own tags and attributes
    cohort = cohort_html(EVIL_COHORT)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cohort
    assert "M&lt;b&gt;1" in cohort and "A&amp;3" in cohort
    assert "Acme &quot;Oy&quot; &lt;img" in cohort  # quotes too: safe inside title="..."
    assert "M&lt;b&gt;1" in matching_html(matching)


def test_long_text_is_cut_with_the_whole_in_a_tooltip() -> None:
    long_goal = "I want to learn " + "very " * 30 + "much"
    cohort = mp.Cohort((P("A", R.MENTEE, goals=long_goal), P("M", R.MENTOR)))
    parsed = audit(cohort_html(cohort))
    assert long_goal in parsed.titles
    assert long_goal not in " ".join(parsed.text)


def test_infeasible_lists_the_conflicts() -> None:
    cohort = mp.Cohort((
        P("M", R.MENTOR, capacity=1), P("N", R.MENTOR),
        P("A", R.MENTEE, wishes=("M",)), P("B", R.MENTEE, wishes=("M",)), P("C", R.MENTEE),
    ))
    m = mp.match(cohort, mp.Programme(wishes="hard", max_mentees_per_mentor=3), encoder=HashEncoder())
    assert m.status is mp.Status.INFEASIBLE
    text = visible(matching_html(m))
    assert "INFEASIBLE" in text and "cannot all hold" in text
    for conflict in m.conflicts:
        assert " ".join(conflict.split()) in text
    assert "0 of 5 participants matched" in text
    assert "Weakest pair –" in text


def test_rows_beyond_max_rows_are_counted_not_listed(matching: mp.Matching) -> None:
    text = visible(matching_html(matching, max_rows=1))
    assert f"{len(matching.pairs) - 1} more pairs not shown" in text
    text = visible(cohort_html(EVIL_COHORT, max_rows=2))
    assert "4 more participants not shown" in text


def test_low_level_matching_has_no_bars() -> None:
    edges = pd.DataFrame({"mentor_id": ["M1", "M1", "M2"], "mentee_id": ["A", "B", "A"], "score": [3, 1, 2]})
    m = mp.assign(edges)
    markup = matching_html(m)
    text = visible(markup)
    assert "OPTIMAL" in text and "4 of 4 participants matched" in text
    assert "flex:0 0" not in markup


def test_cohort_html_summarises() -> None:
    text = visible(cohort_html(EVIL_COHORT))
    assert "Participants 6 (3 mentee, 3 mentor)" in text
    assert "delimiter ';' <detected>" in text  # shown as text, not as a tag
    assert "Wishes / exclusions 1 / 0" in text
    assert "mentorpair Cohort" in visible(cohort_html(mp.Cohort(())))


def test_programme_html_marks_what_changed() -> None:
    programme = mp.Programme(same_organisation="forbidden", max_mentees_per_mentor=2, wishes="hard",
                             forms={"traditional", "group"}, weights={"goal_text": 0.5})
    text = visible(programme_html(programme))
    assert "5 rules changed from the defaults" in text
    for f in fields(programme):
        assert f.name in text
    assert "colleagues are never paired (hard rule)" in text
    assert "goal_text 0.5" in text
    assert "traditional, group" in text
    assert "all rules at their defaults" in visible(programme_html(mp.Programme()))


def test_score_parts_are_the_pair_columns() -> None:
    from mentorpair.result.matching import PAIR_COLUMNS

    assert set(SCORE_PARTS) | {"same_organisation"} <= set(PAIR_COLUMNS)


def test_repr_html_uses_the_display(matching: mp.Matching) -> None:
    """Jupyter calls _repr_html_; once wired, it is exactly the display's HTML."""
    wired = "mentorpair-matching" in matching._repr_html_()
    if not wired:
        pytest.skip("Matching._repr_html_ does not call mentorpair.result.html yet")
    assert matching._repr_html_() == matching_html(matching)
    assert EVIL_COHORT._repr_html_() == cohort_html(EVIL_COHORT)  # type: ignore[attr-defined]
    assert RULES._repr_html_() == programme_html(RULES)  # type: ignore[attr-defined]
