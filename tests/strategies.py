"""Hypothesis strategies for whole, valid cohorts and programmes.

Values come from small sets so that collisions happen often: shared
organisations (differing only by case and white space), shared goal areas,
overlapping goal texts, languages, places, wishes and exclusions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from hypothesis import strategies as st

from mentorpair.model.availability import SLOTS, Availability
from mentorpair.model.cohort import Cohort
from mentorpair.model.participant import Participant
from mentorpair.model.programme import Programme
from mentorpair.model.vocab import MeetingMode, Role

ORGANISATIONS = ("", "A", "B", "a ", " Big  Co", "big co", "A / Lab", "big co - HR")
# E-mail domains (organisation_key="email_domain"): one told apart from another only by case, and none.
DOMAINS = ("", "", "a.fi", "A.fi", "b.fi")
AREAS = ("leadership", "networking", "research", "career", "Leadership ")
WORDS = ("leadership", "research", "python", "career", "teams", "writing", "data")
LANGUAGES = ("fi", "en", "sv")
LOCATIONS = ("", "Helsinki", "Tampere", " helsinki")
# Peers are rare: most people are mentors, mentees or either.
ROLES = (Role.MENTEE, Role.MENTOR, Role.ANY, Role.MENTEE, Role.MENTOR, Role.ANY, Role.PEER)

texts = st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join)
# Availability (cohorts(availability=True)): a few slots or unknown, time zones that shift and ones that don't.
TIME_ZONES = ("", "", "Europe/Helsinki", "America/New_York", "UTC+02:00", "Asia/Kolkata")
# Given times first: hypothesis favours the first choice, and an unknown fits anyone (tests nothing).
availabilities = st.one_of(
    st.builds(Availability, st.frozensets(st.sampled_from(SLOTS[:9]), min_size=1, max_size=3),
              st.sampled_from(TIME_ZONES)),
    st.none(),
)
experience = st.one_of(st.none(), st.integers(0, 30), st.sampled_from([0.5, 2.5, 7.5]))


@st.composite
def _person_fields(draw: st.DrawFn) -> dict:
    return {
        "role": draw(st.sampled_from(ROLES)),
        "organisation": draw(st.sampled_from(ORGANISATIONS)),
        "experience_years": draw(experience),
        "goal_areas": tuple(draw(st.lists(st.sampled_from(AREAS), max_size=2, unique=True))),
        "goals": draw(texts),
        "offers": draw(texts),
        "languages": tuple(draw(st.lists(st.sampled_from(LANGUAGES), max_size=3, unique=True))),
        "meeting_mode": draw(st.sampled_from(list(MeetingMode))),
        "location": draw(st.sampled_from(LOCATIONS)),
        "capacity": draw(st.one_of(st.none(), st.integers(1, 3))),
        "domain": draw(st.sampled_from(DOMAINS)),
    }


@st.composite
def participants_lists(draw: st.DrawFn, min_size: int = 0, max_size: int = 8, *,
                       availability: bool = False) -> list[Participant]:
    """Participants P0, P1, ... whose wishes and exclusions name only each other; with ``availability``,
    each with a drawn availability (drawn after their other fields; without it, cohorts are drawn as before)."""
    # Size drawn first, so that large cohorts are as common as small ones.
    size = draw(st.integers(min_size, max_size))
    fields = draw(st.lists(_person_fields(), min_size=size, max_size=size))
    ids = [f"P{i}" for i in range(len(fields))]
    people = []
    for pid, f in zip(ids, fields):
        domain = f.pop("domain")
        f["email"] = f"{pid.lower()}@{domain}" if domain else ""
        others = [q for q in ids if q != pid]
        wishes: list[str] = []
        exclusions: list[str] = []
        if others:
            # Mostly none: hard wishes make many cohorts infeasible otherwise.
            if draw(st.integers(0, 3)) == 3:
                wishes = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
            rest = [q for q in others if q not in wishes]
            if rest and draw(st.integers(0, 3)) == 3:
                exclusions = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=2, unique=True))
        if availability:
            f["availability"] = draw(availabilities)
        people.append(Participant(pid, wishes=tuple(wishes), exclusions=tuple(exclusions), **f))
    return people


@st.composite
def cohorts(draw: st.DrawFn, min_size: int = 0, max_size: int = 8, *, availability: bool = False) -> Cohort:
    return Cohort(tuple(draw(participants_lists(min_size=min_size, max_size=max_size, availability=availability))))


OBJECTIVES = (
    ("coverage", "fairness", "total"),
    ("coverage", "total", "fairness"),
    ("coverage", "total"),
    ("coverage", "fairness"),
    ("coverage",),
    ("total",),
    # Rarer orders, which the brute force handles as well.
    ("fairness", "coverage", "total"),
    ("total", "coverage"),
    # Fairness without coverage first: an empty matching must never win it.
    ("fairness",),
    ("fairness", "total"),
    ("total", "fairness"),
    ("fairness", "total", "coverage"),
)
WEIGHTS = (None, None, None, {"wish": 0.0}, {"goal_text": 1.0, "experience": 0.0})
FORMS = (
    ("traditional", "peer"),  # the default
    ("traditional",),
    ("traditional", "reverse", "peer"),
    ("traditional", "group"),
    ("group",),
    ("traditional", "reverse", "group", "peer"),
    ("reverse", "peer"),
    ("group", "peer"),
    ("group", "reverse"),
)


def _id_pairs(draw: st.DrawFn, ids: Sequence[str], max_size: int) -> list[tuple[str, str]]:
    if len(ids) < 2:
        return []
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    return draw(st.lists(pair, max_size=max_size, unique_by=lambda p: frozenset(p)))


@st.composite
def programmes(draw: st.DrawFn, ids: Sequence[str] = (), *, forms: Sequence[tuple[str, ...]] = FORMS,
               limits: bool = False) -> Programme:
    """Programme rules; with ``ids``, also fixed pairs and coordinator exclusions between those ids.

    With ``limits``, also what makes a solver claim less than OPTIMAL: pruning to
    a few candidates per person, tiny time limits, and a fixed pair listed twice.
    """
    fixed = _id_pairs(draw, ids, 2) if draw(st.integers(0, 5)) == 5 else []
    if limits and fixed and draw(st.booleans()):
        fixed.append(fixed[0])  # the same rule twice is one rule
    excluded = [p for p in (_id_pairs(draw, ids, 2) if draw(st.integers(0, 3)) == 3 else [])
                if frozenset(p) not in {frozenset(f) for f in fixed}]
    smallest = draw(st.integers(2, 3))
    chosen_forms = draw(st.sampled_from(forms))
    # A maximum below the smallest group is refused with groups among the forms (a rule at odds).
    most = draw(st.sampled_from([None, *range(smallest, 4)]) if "group" in chosen_forms else
                st.sampled_from([None, 1, 1, 2, 3]))
    return Programme(
        same_organisation=draw(st.sampled_from(["allowed", "discouraged", "forbidden"])),
        max_mentees_per_mentor=most,
        wishes=draw(st.sampled_from(["bonus", "bonus", "hard", "ignore", "hard-if-possible"])),
        weights=draw(st.sampled_from(WEIGHTS)),
        objective=draw(st.sampled_from(OBJECTIVES)),
        seed=draw(st.integers(0, 3)),
        forms=chosen_forms,
        group_size=(smallest, smallest + draw(st.integers(0, 1))),
        group_cohesion_weight=draw(st.sampled_from([0.1, 0.0, 0.5])),
        dual_roles=draw(st.integers(0, 3)) == 3,
        require_all=draw(st.integers(0, 7)) == 7,
        fixed_pairs=tuple(fixed),
        exclusions=tuple(excluded),
        candidates_per_person=draw(st.sampled_from([None, 0, 1, 2])) if limits else None,
        time_limit=draw(st.sampled_from([None, None, 0.001, 0.01, 0.05])) if limits else None,
        # Drawn last and sparingly: each is one rule more for the brute force to agree with.
        organisation_key=draw(st.sampled_from(["exact", "exact", "exact", "prefix", "email_domain"])),
        meeting="hard" if draw(st.integers(0, 4)) == 4 else "soft",
    )


@st.composite
def cases(draw: st.DrawFn, max_size: int = 8, dual_max_size: int = 6, *,
          limits: bool = False, availability: bool = False) -> tuple[Cohort, Programme]:
    """A cohort and a programme for it. Dual roles multiply the matchings a
    brute force must try, so with them the cohort is at most ``dual_max_size``.
    ``limits`` adds pruning, tiny time limits and duplicated rules (:func:`programmes`);
    ``availability`` gives people availability and the programme an availability rule."""
    size = draw(st.integers(0, max_size))
    programme = draw(programmes([f"P{i}" for i in range(size)], limits=limits))
    if programme.dual_roles and size > dual_max_size:
        size = dual_max_size
        programme = replace(
            programme,
            fixed_pairs=tuple(p for p in programme.fixed_pairs if max(int(i[1:]) for i in p) < size),
            exclusions=tuple(p for p in programme.exclusions if max(int(i[1:]) for i in p) < size),
        )
    cohort = draw(cohorts(min_size=size, max_size=size, availability=availability))
    if availability:
        programme = replace(programme, availability=draw(st.sampled_from(["hard", "soft", "hard", "ignore"])))
    return cohort, programme
