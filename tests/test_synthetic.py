"""Synthetic cohorts: reproducible, programme-shaped, and valid input for the matcher."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentorpair as mp
from mentorpair import Cohort, Programme, Role
from mentorpair.synthetic.banks import phrases
from mentorpair.synthetic.demo import DEMO_SEED, DEMO_SIZE, demo_cohort, write_demo_csv
from mentorpair.synthetic.generator import COLUMNS, synthetic_cohort, synthetic_frame
from mentorpair.testing import HashEncoder
from mentorpair.text.taxonomy import GOAL_AREAS

AREA_KEYS = {area.key for area in GOAL_AREAS}
BUNDLED_DEMO = Path(mp.__file__).with_name("data") / "demo_cohort.csv"
COUNTERPART = {"mentor": {"mentee"}, "mentee": {"mentor"}, "peer": {"peer", "any"}, "any": {"peer", "any"}}


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _text_languages(text: str) -> set[str]:
    """Languages whose phrase-bank clauses occur in ``text``."""
    folded = text.casefold()
    found = set()
    for bank in (phrases().goals, phrases().offers):
        for lang, topics in bank.items():
            if any(clause.casefold() in folded for clauses in topics.values() for clause in clauses):
                found.add(lang)
    return found


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return synthetic_frame(600, seed=11)


# ------------------------------------------------------------------ determinism


@pytest.mark.parametrize(("n", "seed"), [(1, 0), (7, 3), (60, 2026), (250, 99)])
def test_same_arguments_give_identical_frame_and_csv_bytes(n: int, seed: int) -> None:
    first, second = synthetic_frame(n, seed=seed), synthetic_frame(n, seed=seed)
    pd.testing.assert_frame_equal(first, second)
    assert _csv_bytes(first) == _csv_bytes(second)


def test_different_seeds_give_different_frames() -> None:
    a, b = synthetic_frame(40, seed=1), synthetic_frame(40, seed=2)
    assert _csv_bytes(a) != _csv_bytes(b)
    assert list(a["goals"] + a["offers"]) != list(b["goals"] + b["offers"])


def test_rng_is_local_to_the_call() -> None:
    # Interleaved calls must not disturb each other (no global random state).
    a1 = synthetic_frame(30, seed=5)
    synthetic_frame(30, seed=6)
    pd.testing.assert_frame_equal(a1, synthetic_frame(30, seed=5))


# ------------------------------------------------------------------ shape


def test_columns_and_cell_types(big: pd.DataFrame) -> None:
    assert tuple(big.columns) == COLUMNS
    assert len(big) == 600
    for column in COLUMNS:
        assert all(isinstance(value, str) for value in big[column]), column
    assert big["id"].is_unique
    assert (big["id"] != "").all() and (big["role"] != "").all()


def test_default_role_shares_are_apportioned_exactly(big: pd.DataFrame) -> None:
    assert Counter(big["role"]) == {"mentor": 240, "mentee": 300, "peer": 30, "any": 30}
    small = Counter(synthetic_frame(60, seed=0)["role"])
    assert small == {"mentor": 24, "mentee": 30, "peer": 3, "any": 3}


def test_custom_role_shares_and_aliases() -> None:
    frame = synthetic_frame(10, seed=1, role_shares={"mentor": 0.3, "aktori": 0.7})
    assert Counter(frame["role"]) == {"mentor": 3, "mentee": 7}
    frame = synthetic_frame(5, seed=1, role_shares={Role.PEER: 1.0})
    assert set(frame["role"]) == {"peer"}


def test_roles_are_interleaved_not_sorted(big: pd.DataFrame) -> None:
    assert list(big["role"]) != sorted(big["role"])


def test_ids_follow_role_prefixes_and_count_up(big: pd.DataFrame) -> None:
    prefix = {"mentor": "M", "mentee": "A", "peer": "P", "any": "P"}
    for letter in "MAP":
        ids = [i for i in big["id"] if i.startswith(letter)]
        assert ids == [f"{letter}{k:03d}" for k in range(1, len(ids) + 1)]
    for pid, role in zip(big["id"], big["role"]):
        assert pid[0] == prefix[role]


def test_goal_areas_come_from_the_taxonomy(big: pd.DataFrame) -> None:
    seen: set[str] = set()
    for cell in big["goal_areas"]:
        areas = _split(cell)
        assert 1 <= len(areas) <= 3 and len(set(areas)) == len(areas)
        assert set(areas) <= AREA_KEYS
        seen.update(areas)
    assert seen == AREA_KEYS  # a large cohort uses every area


def test_experience_ranges(big: pd.DataFrame) -> None:
    years = {r: [float(y) for y, role in zip(big["experience_years"], big["role"]) if role == r and y]
             for r in ("mentor", "mentee")}
    assert all(0 <= y <= 45 for ys in years.values() for y in ys)
    students = [y for y in years["mentee"] if y <= 1]
    assert len(students) >= 0.1 * len(years["mentee"])  # the student track
    assert min(years["mentor"]) >= 1
    assert sum(y >= 20 for y in years["mentor"]) >= 5  # decades-long careers exist
    assert 0 < (big["experience_years"] == "").sum() < 0.1 * len(big)  # some leave it blank


def test_capacity_only_for_those_who_can_mentor(big: pd.DataFrame) -> None:
    for role, cap in zip(big["role"], big["capacity"]):
        if role == "mentor":
            assert cap in {"1", "2", "3"}
        elif role == "any":
            assert cap in {"1", "2"}
        else:
            assert cap == ""


def test_meeting_modes_and_locations(big: pd.DataFrame) -> None:
    assert set(big["meeting_mode"]) == {"either", "remote", "in_person"}
    towns = Counter(big["location"])
    assert towns.most_common(1)[0][1] > 0.1 * len(big)
    assert {"Helsinki", "Tampere", "Oulu"} <= set(towns)


def test_organisations_are_of_uneven_size(big: pd.DataFrame) -> None:
    sizes = sorted(Counter(big["organisation"]).values(), reverse=True)
    assert len(sizes) >= 20
    assert sizes[0] >= 5 * sizes[len(sizes) // 2]  # a few large, a long tail
    assert (big["organisation"] != "").all()


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_same_organisation_share_extremes(share: float) -> None:
    frame = synthetic_frame(200, seed=4, same_organisation_share=share)
    mentor_orgs = set(frame.loc[frame["role"] == "mentor", "organisation"])
    others = frame.loc[frame["role"] != "mentor", "organisation"]
    in_mentor_org = others.isin(mentor_orgs)
    assert in_mentor_org.all() if share == 1.0 else not in_mentor_org.any()


def test_same_organisation_share_is_roughly_honoured() -> None:
    frame = synthetic_frame(1000, seed=8, same_organisation_share=0.3)
    mentor_orgs = set(frame.loc[frame["role"] == "mentor", "organisation"])
    share = frame.loc[frame["role"] != "mentor", "organisation"].isin(mentor_orgs).mean()
    assert 0.24 <= share <= 0.36


# ------------------------------------------------------------------ texts and languages


def test_who_writes_what(big: pd.DataFrame) -> None:
    for role, goals, offers in zip(big["role"], big["goals"], big["offers"]):
        assert bool(goals) == (role != "mentor"), role
        assert bool(offers) == (role != "mentee"), role


def test_finnish_and_english_texts_both_present(big: pd.DataFrame) -> None:
    langs = Counter(lang for text in big["goals"] + " " + big["offers"] for lang in _text_languages(text))
    assert langs["fi"] > 0.3 * len(big)
    assert langs["en"] > 0.2 * len(big)
    assert langs["sv"] >= 1


def test_text_language_follows_the_first_spoken_language(big: pd.DataFrame) -> None:
    for languages, goals, offers in zip(big["languages"], big["goals"], big["offers"]):
        first = _split(languages)[0]
        for text in (goals, offers):
            if text:
                assert _text_languages(text) == {first}, (languages, text)


def test_texts_are_varied(big: pd.DataFrame) -> None:
    texts = big["goals"] + big["offers"]
    assert texts.nunique() >= 0.9 * len(big)
    for text in texts:
        assert text == text.strip() and "  " not in text and text.endswith(".")


def test_mentors_answer_goals_in_other_words() -> None:
    # For a shared topic, a mentee's goal clause is never the mentor's clause verbatim.
    for lang in ("fi", "en"):
        for key in AREA_KEYS:
            assert not set(phrases().goals[lang][key]) & set(phrases().offers[lang][key])
            assert len(phrases().goals[lang][key]) >= 3 and len(phrases().offers[lang][key]) >= 3


def test_language_codes(big: pd.DataFrame) -> None:
    combos = Counter(big["languages"])
    assert {"fi", "en", "fi|en"} <= set(combos)
    assert combos["sv"] == math.floor(0.02 * len(big) + 0.5)
    assert any("sv" in c and c != "sv" for c in combos)  # some also speak Swedish
    for cell in big["languages"]:
        codes = _split(cell)
        assert codes and set(codes) <= {"fi", "en", "sv"} and len(set(codes)) == len(codes)


def test_languages_argument_restricts_the_programme_languages() -> None:
    frame = synthetic_frame(80, seed=2, languages=("en",), swedish_only_share=0.0)
    assert {_split(c)[0] for c in frame["languages"]} == {"en"}
    assert set().union(*(_text_languages(g + " " + o) for g, o in zip(frame["goals"], frame["offers"]))) == {"en"}
    assert synthetic_frame(3, seed=0, languages="fi")["languages"].str.startswith("fi").all()


# ------------------------------------------------------------------ wishes and exclusions


def test_wishes_and_exclusions_name_existing_counterparts(big: pd.DataFrame) -> None:
    role_of = dict(zip(big["id"], big["role"]))
    wishes = exclusions = 0
    for pid, role, wish, excl in zip(big["id"], big["role"], big["wishes"], big["exclusions"]):
        for ref in _split(wish) + _split(excl):
            assert ref in role_of and ref != pid
            assert role_of[ref] in COUNTERPART[role]
        assert not set(_split(wish)) & set(_split(excl))
        wishes += bool(wish)
        exclusions += bool(excl)
    assert wishes == 30 and exclusions == 18  # 5 % and 3 % of 600


def test_no_counterpart_means_no_wishes() -> None:
    frame = synthetic_frame(20, seed=0, role_shares={"mentor": 1.0})
    assert (frame["wishes"] == "").all() and (frame["exclusions"] == "").all()


# ------------------------------------------------------------------ forms

ALL_FORMS = ("traditional", "reverse", "group", "peer")


def _mentor_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["role"] == "mentor"]


def _years(frame: pd.DataFrame, role: str) -> list[float]:
    return [float(y) for y in frame.loc[frame["role"] == role, "experience_years"] if y]


def test_all_four_forms_are_the_default_and_the_demo_shape() -> None:
    # The default must keep the bundled demo file (and every cohort made before forms existed) as it was.
    shuffled = synthetic_frame(DEMO_SIZE, seed=DEMO_SEED, forms={"Peer", " group", "reverse", "traditional"})
    assert _csv_bytes(shuffled) == BUNDLED_DEMO.read_bytes()


@pytest.mark.parametrize("forms", [("traditional",), ("group", "peer"), ("reverse",), ("peer",)])
def test_same_forms_and_seed_give_identical_bytes(forms: tuple[str, ...]) -> None:
    first = synthetic_frame(80, seed=4, forms=forms)
    assert _csv_bytes(first) == _csv_bytes(synthetic_frame(80, seed=4, forms=tuple(reversed(forms))))
    assert _csv_bytes(first) != _csv_bytes(synthetic_frame(80, seed=4))


def test_peer_form_decides_whether_peers_sign_up() -> None:
    with_peers = Counter(synthetic_frame(200, seed=2, forms=("traditional", "peer"))["role"])
    assert with_peers == {"mentor": 80, "mentee": 100, "peer": 10, "any": 10}
    without = Counter(synthetic_frame(200, seed=2, forms=("traditional", "reverse", "group"))["role"])
    assert without == {"mentor": 90, "mentee": 110}  # the peers' tenth goes 4 : 5 to mentors and mentees
    assert set(synthetic_frame(30, seed=2, forms="peer")["role"]) == {"peer"}


def test_group_form_gives_mentors_room_for_a_group() -> None:
    group_only = _mentor_rows(synthetic_frame(200, seed=3, forms=("group",)))
    assert set(group_only["capacity"]) == {"2", "3"}  # every mentor can take a group of 2 or 3
    rules = Programme(forms={"group"}, group_size=(2, 3), max_mentees_per_mentor=None)
    cohort = synthetic_cohort(200, seed=3, forms=("group",))
    assert all(rules.group_limits_of(p) is not None for p in cohort if p.role is Role.MENTOR)
    mixed = Counter(_mentor_rows(synthetic_frame(400, seed=3, forms=("traditional", "group")))["capacity"])
    assert set(mixed) == {"1", "2", "3"} and mixed["1"] > mixed["3"]
    one_to_one = _mentor_rows(synthetic_frame(200, seed=3, forms=("traditional", "peer")))
    assert set(one_to_one["capacity"]) == {"1", "2"}


def test_reverse_form_alone_makes_juniors_mentor_seasoned_staff() -> None:
    frame = synthetic_frame(200, seed=5, forms=("reverse",))
    mentors, mentees = _mentor_rows(frame), frame[frame["role"] == "mentee"]
    assert all(_split(areas)[0] == "new_technology" for areas in mentors["goal_areas"])
    assert all("new_technology" in _split(areas) for areas in mentees["goal_areas"])
    assert max(_years(frame, "mentor")) <= 4 < 5 <= min(_years(frame, "mentee"))


def test_reverse_form_decides_whether_junior_mentors_exist() -> None:
    def juniors(forms: tuple[str, ...]) -> int:
        mentors = _mentor_rows(synthetic_frame(400, seed=6, forms=forms))
        return sum(y != "" and float(y) <= 4 and _split(a)[0] == "new_technology"
                   for y, a in zip(mentors["experience_years"], mentors["goal_areas"]))

    assert 0.05 * 160 <= juniors(("traditional", "reverse")) <= 0.2 * 160  # about a tenth of the mentors
    assert juniors(("traditional", "group")) == 0


@pytest.mark.parametrize("form", ["reverse", "group"])
def test_a_cohort_shaped_for_a_form_pairs_better_under_it(form: str) -> None:
    rules = Programme(forms={form}, group_size=(2, 3), max_mentees_per_mentor=None)  # capacities as stated
    shaped = mp.match(synthetic_cohort(40, seed=3, forms=(form,)), rules, encoder=HashEncoder())
    default = mp.match(synthetic_cohort(40, seed=3), rules, encoder=HashEncoder())
    assert set(shaped.pairs["kind"]) == {form}
    assert len(shaped.pairs) > len(default.pairs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"forms": ("traditional", "mentoring")}, "unknown \\['mentoring'\\]"),
        ({"forms": ("peer", 3)}, "unknown \\[3\\]"),
        ({"forms": ()}, "at least one form"),
        ({"forms": 3}, "must be an iterable of forms"),
        ({"forms": ("traditional",), "role_shares": {"mentor": 0.5, "peer": 0.5}}, "has no 'peer'"),
        ({"forms": ("peer",), "role_shares": {"mentor": 0.5, "mentee": 0.5}}, "has none of"),
    ],
)
def test_bad_forms_raise_clear_value_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        synthetic_frame(5, **kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ arguments


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be an integer >= 1"),
        ({"n": 2.0}, "n must be an integer"),
        ({"n": True}, "n must be an integer"),
        ({"n": 5, "seed": -1}, "seed must be an integer >= 0"),
        ({"n": 5, "seed": 1.5}, "seed"),
        ({"n": 5, "same_organisation_share": 1.2}, "same_organisation_share must be a number from 0 to 1"),
        ({"n": 5, "same_organisation_share": float("nan")}, "same_organisation_share"),
        ({"n": 5, "same_organisation_share": "0.3"}, "same_organisation_share"),
        ({"n": 5, "swedish_only_share": -0.1}, "swedish_only_share"),
        ({"n": 5, "languages": ()}, "languages must be a non-empty"),
        ({"n": 5, "languages": ("fi", "de")}, "unknown \\['de'\\]"),
        ({"n": 5, "languages": ("fi", "fi")}, "must not repeat"),
        ({"n": 5, "role_shares": {"mentor": 0.5, "mentee": 0.4}}, "add up to 1"),
        ({"n": 5, "role_shares": {"mentor": 1.5, "mentee": -0.5}}, "role_shares\\['mentor'\\]"),
        ({"n": 5, "role_shares": {"coach": 1.0}}, "unknown role 'coach'"),
        ({"n": 5, "role_shares": [0.5, 0.5]}, "must be a mapping"),
    ],
)
def test_bad_arguments_raise_clear_value_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        synthetic_frame(**kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ cohorts


@given(
    n=st.integers(1, 40),
    seed=st.integers(0, 2**32),
    same=st.floats(0, 1),
    mentor=st.floats(0, 1),
)
def test_any_valid_arguments_give_a_valid_cohort(n: int, seed: int, same: float, mentor: float) -> None:
    shares = {"mentor": mentor, "mentee": (1 - mentor) * 0.8, "peer": (1 - mentor) * 0.2}
    cohort = synthetic_cohort(n, seed=seed, same_organisation_share=same, role_shares=shares)
    assert isinstance(cohort, Cohort) and len(cohort) == n


def test_cohort_matches_its_frame() -> None:
    frame = synthetic_frame(50, seed=9)
    cohort = synthetic_cohort(50, seed=9)
    assert cohort.ids == tuple(frame["id"])
    for p, row in zip(cohort, frame.itertuples(index=False)):
        assert p.role.value == row.role
        assert p.languages == tuple(_split(row.languages))
        assert p.wishes == tuple(_split(row.wishes)) and p.exclusions == tuple(_split(row.exclusions))
        assert p.capacity == (int(row.capacity) if row.capacity else None)
        assert p.experience_years == (float(row.experience_years) if row.experience_years else None)
        assert p.goals == row.goals and p.offers == row.offers and p.organisation == row.organisation


# ------------------------------------------------------------------ bundled demo


def test_bundled_demo_file_equals_a_fresh_one(tmp_path: Path) -> None:
    fresh = write_demo_csv(tmp_path / "demo.csv")
    assert BUNDLED_DEMO.read_bytes() == fresh.read_bytes(), (
        "mentorpair/data/demo_cohort.csv is out of date; regenerate it with `python -m mentorpair.synthetic`"
    )
    read_back = pd.read_csv(BUNDLED_DEMO, dtype=str, keep_default_na=False, encoding="utf-8")
    expected = synthetic_frame(DEMO_SIZE, seed=DEMO_SEED)
    assert read_back.values.tolist() == expected.values.tolist()
    assert list(read_back.columns) == list(COLUMNS)


def test_demo_cohort_shows_every_feature() -> None:
    cohort = demo_cohort()
    assert len(cohort) == DEMO_SIZE == 60
    people = list(cohort)
    mentor_orgs = {p.same_org_key for p in people if p.role is Role.MENTOR}
    assert any(p.role is Role.MENTEE and p.same_org_key in mentor_orgs for p in people)
    assert any(p.wishes for p in people)
    assert any(p.exclusions for p in people)
    assert any(p.languages == ("sv",) for p in people)
    assert sum(p.role in (Role.PEER, Role.ANY) for p in people) >= 2
    assert {a for p in people for a in p.goal_areas} == AREA_KEYS
    texts = " ".join(p.goals + " " + p.offers for p in people)
    assert {"fi", "en"} <= _text_languages(texts)
