"""Synthetic, reproducible cohorts in the shape of Finnish mentoring programmes.

Real sign-up data is personal and cannot ship with a library, so examples,
tests and benchmarks use invented cohorts instead. They are built to look
like the real thing where it matters for matching:

* roughly 40 % mentors, 50 % mentees and 10 % peers or "either role";
* the forms of mentoring the programme runs shape who signs up: peers only
  where peer mentoring runs, mentors able to take a group where groups run,
  junior specialists mentoring seasoned staff where reverse mentoring runs;
* organisations of very uneven size (a few large employers, a long tail),
  with a controllable share of mentees who work where some mentor works;
* students a year from graduation, newcomers to Finnish working life,
  seasoned mentors and a few junior "reverse" mentors with a specialism;
* goal areas from :mod:`mentorpair.text.taxonomy` and free-text goals and offers
  written in Finnish, English or (rarely) Swedish from per-topic phrase banks
  (:mod:`~mentorpair.synthetic.texts`, :mod:`~mentorpair.synthetic.banks`),
  with several wordings per topic so that a mentor's offer answers a goal in
  different words rather than repeating it;
* a few named wishes, exclusions and people who share no language with
  anyone, so that every explanation path of the matcher gets exercised.

Every name is invented. Everything is drawn from one
``numpy.random.default_rng(seed)``, so the same arguments always give the
same frame, down to the bytes of its CSV. The bundled demo cohort is one such
frame (:mod:`mentorpair.synthetic.demo`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..io import from_pandas  # io imports pandas; keep importing this module cheap
from ..model.vocab import FORMS, Role
from ..text.taxonomy import GOAL_AREAS
from .banks import places
from .draws import Rng, pick, share_count, weighted_index, zipf_weights
from .options import (
    LANGUAGE_WEIGHT,
    Shape,
    check_forms,
    check_languages,
    check_role_shares,
    check_share,
    cohort_shape,
    is_int,
)
from .texts import participant_texts
from .wishes import wishes_and_exclusions

if TYPE_CHECKING:
    import pandas as pd

    from ..model.cohort import Cohort

__all__ = ["COLUMNS", "synthetic_cohort", "synthetic_frame"]

COLUMNS: tuple[str, ...] = (
    "id", "role", "organisation", "experience_years", "goal_areas", "goals", "offers",
    "languages", "meeting_mode", "location", "capacity", "wishes", "exclusions",
)
"""The canonical sign-up columns, in the order :func:`synthetic_frame` writes them."""

# How often each area is chosen; career and leadership topics are the
# commonest wishes in the source programmes, the library specialisms rarest.
_AREA_POPULARITY: dict[str, float] = {
    "leadership": 2.5, "supervisory_work": 2.5, "project_management": 1.5, "communication": 2.0,
    "influencing": 1.0, "research_career": 1.0, "career_planning": 3.0, "job_search": 1.0,
    "competence_recognition": 1.5, "networking": 2.0, "internationality": 1.2, "work_life_balance": 1.5,
    "customer_service": 0.8, "pedagogy": 0.8, "new_technology": 1.2, "children_youth_library": 0.6,
    "music_library": 0.4, "working_life_culture": 0.8, "professional_growth": 3.0,
}
# Multipliers per participant profile (students and newcomers to Finland ask
# about different things than mid-career staff do).
_PROFILE_BOOST: dict[str, dict[str, float]] = {
    "student": {"career_planning": 3, "job_search": 3, "professional_growth": 2, "competence_recognition": 2,
                "leadership": 0.3, "supervisory_work": 0.3, "influencing": 0.3},
    "jobseeker": {"job_search": 5, "working_life_culture": 6, "competence_recognition": 4, "networking": 2,
                  "leadership": 0.3, "supervisory_work": 0.3},
}

_ID_PREFIX: dict[Role, str] = {Role.MENTOR: "M", Role.MENTEE: "A", Role.PEER: "P", Role.ANY: "P"}

_EXTRA_SWEDISH_SHARE = 0.05

# --------------------------------------------------------------------------
# Columns, one concern each.
# --------------------------------------------------------------------------


def _role_counts(n: int, shares: Mapping[Role, float]) -> dict[Role, int]:
    """Largest-remainder apportionment: exact counts, so small cohorts keep their shape."""
    quotas = {role: shares[role] * n for role in Role}
    counts = {role: int(math.floor(q)) for role, q in quotas.items()}
    left = n - sum(counts.values())
    # Ties go to the role listed first in Role, so the result is stable.
    order = sorted(Role, key=lambda r: (-(quotas[r] - counts[r]), list(Role).index(r)))
    for role in order[:left]:
        counts[role] += 1
    return counts


def _roles(rng: Rng, n: int, shares: Mapping[Role, float]) -> list[Role]:
    counts = _role_counts(n, shares)
    roles = [role for role in Role for _ in range(counts[role])]
    # Sign-ups arrive interleaved, not sorted by role.
    return [roles[i] for i in rng.permutation(n)]


def _ids(roles: Sequence[Role]) -> list[str]:
    totals: dict[str, int] = {}
    for role in roles:
        totals[_ID_PREFIX[role]] = totals.get(_ID_PREFIX[role], 0) + 1
    seen: dict[str, int] = {}
    out = []
    for role in roles:
        prefix = _ID_PREFIX[role]
        seen[prefix] = seen.get(prefix, 0) + 1
        width = max(3, len(str(totals[prefix])))
        out.append(f"{prefix}{seen[prefix]:0{width}d}")
    return out


def _profiles(rng: Rng, roles: Sequence[Role], shape: Shape) -> list[str]:
    """A career profile per person; it steers experience, topics and text openings."""
    mentee_profiles = list(shape.mentee_profiles)
    mentee_weights = list(shape.mentee_profiles.values())
    out = []
    for role in roles:
        if role is Role.MENTEE:
            out.append(mentee_profiles[weighted_index(rng, mentee_weights)])
        elif role is Role.MENTOR:
            # Junior "reverse" mentors with a specialism. One draw per mentor
            # whatever the share, so other forms leave the later draws alone.
            out.append("newcomer" if rng.random() < shape.junior_mentor_share else "senior")
        else:
            out.append("peer")
    return out


def _organisations(rng: Rng, roles: Sequence[Role], same_share: float) -> tuple[list[str], dict[str, str]]:
    """Organisation per person and each organisation's home town.

    Mentors are spread Zipf-like over the organisations taking part. A
    ``same_share`` of everyone else joins the organisation of a random mentor
    (so larger mentor organisations get more); the rest join organisations
    that no mentor comes from.
    """
    where = places()
    pool = [kind.format(s=stem) for stem in where.organisation_stems for kind in where.organisation_kinds]
    pool = [pool[i] for i in rng.permutation(len(pool))]
    town_names = [name for name, _ in where.towns]
    town_weights = [w for _, w in where.towns]
    home = {org: town_names[weighted_index(rng, town_weights)] for org in pool}
    n = len(roles)
    # A 60-person programme draws from ~20 organisations; never the whole pool,
    # so there are always organisations left without a mentor.
    active = pool[: min(len(pool) - 8, max(6, math.ceil(2.5 * math.sqrt(n))))]
    weights = zipf_weights(len(active))
    orgs = [""] * n
    mentor_orgs: list[str] = []
    for i, role in enumerate(roles):
        if role is Role.MENTOR:
            orgs[i] = active[weighted_index(rng, weights)]
            mentor_orgs.append(orgs[i])
    mentor_set = set(mentor_orgs)
    free = [(org, w) for org, w in zip(active, weights) if org not in mentor_set]
    if not free:
        free = [(org, 1.0) for org in pool if org not in mentor_set]
    for i, role in enumerate(roles):
        if role is Role.MENTOR:
            continue
        if mentor_orgs and rng.random() < same_share:
            orgs[i] = mentor_orgs[int(rng.integers(len(mentor_orgs)))]
        else:
            orgs[i] = free[weighted_index(rng, [w for _, w in free])][0]
    return orgs, home


def _experience(rng: Rng, profile: str) -> float | None:
    if rng.random() < 0.03:  # some leave the field blank
        return None
    if profile == "student":
        return float(pick(rng, ("0", "0.5", "1")))
    if profile == "newcomer":
        return float(rng.integers(1, 5))
    shape_scale_offset = {
        "jobseeker": (2.0, 3.0, 0),
        "professional": (2.0, 2.5, 1),
        "senior": (2.2, 6.0, 3),
        "seasoned": (2.2, 5.0, 5),  # 5+ years: more than any junior mentor's 1 to 4
        "peer": (2.5, 4.0, 2),
    }[profile]
    shape, scale, offset = shape_scale_offset
    return float(min(45, offset + round(rng.gamma(shape, scale))))


def _goal_areas(rng: Rng, profile: str) -> list[str]:
    keys = [area.key for area in GOAL_AREAS]
    boost = _PROFILE_BOOST.get(profile, {})
    weights = np.array([_AREA_POPULARITY[k] * boost.get(k, 1.0) for k in keys])
    if profile == "peer":  # peers give in one area and take in another: at least two
        k = 2 + int(rng.random() < 0.4)
    else:
        k = 1 + weighted_index(rng, (0.3, 0.45, 0.25))
    chosen = rng.choice(len(keys), size=k, replace=False, p=weights / weights.sum())
    areas = [keys[i] for i in chosen]
    if profile in ("newcomer", "seasoned"):
        # The specialism that makes a junior a mentor (and that long-serving
        # staff come to reverse mentoring for), plus at most one more.
        areas = ["new_technology", *[a for a in areas if a != "new_technology"]][:2]
    return areas


def _language_profiles(rng: Rng, n: int, langs: Sequence[str]) -> list[tuple[str, ...]]:
    """Spoken languages per person, the language they write in first."""
    weights = [LANGUAGE_WEIGHT[code] for code in langs]
    out: list[tuple[str, ...]] = []
    for _ in range(n):
        first = langs[weighted_index(rng, weights)]
        spoken = [first]
        others = [code for code in langs if code != first]
        if others and rng.random() < 0.4:
            spoken.append(others[weighted_index(rng, [LANGUAGE_WEIGHT[c] for c in others])])
        if "sv" not in spoken and rng.random() < _EXTRA_SWEDISH_SHARE:
            spoken.append("sv")  # Finland's second national language, known by some
        out.append(tuple(spoken))
    return out


def _swedish_only(rng: Rng, roles: Sequence[Role], share: float) -> list[int]:
    """Who speaks only Swedish; mentees first, as an unmatched mentee is the case worth explaining."""
    k = share_count(share, len(roles))
    mentees = [i for i, r in enumerate(roles) if r is Role.MENTEE]
    others = [i for i, r in enumerate(roles) if r is not Role.MENTEE]
    chosen = [int(i) for i in rng.permutation(mentees)[:k]]
    if len(chosen) < k:
        chosen += [int(i) for i in rng.permutation(others)[: k - len(chosen)]]
    return sorted(chosen)


def _meeting_mode(rng: Rng) -> str:
    return ("either", "remote", "in_person")[weighted_index(rng, (0.5, 0.3, 0.2))]


def _location(rng: Rng, home_town: str) -> str:
    draw = rng.random()
    if draw < 0.02:
        return ""
    if draw < 0.8:  # most live where their organisation is
        return home_town
    towns = places().towns
    return towns[weighted_index(rng, [w for _, w in towns])][0]


def _capacity(rng: Rng, role: Role, mentor_capacity: Mapping[int, float]) -> int | None:
    if role is Role.MENTOR:
        return list(mentor_capacity)[weighted_index(rng, list(mentor_capacity.values()))]
    if role is Role.ANY:
        return 1 + weighted_index(rng, (0.7, 0.3))
    return None


# --------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------


def synthetic_frame(
    n: int,
    *,
    seed: int = 0,
    languages: Sequence[str] = ("fi", "en"),
    forms: Iterable[str] = FORMS,
    same_organisation_share: float = 0.3,
    role_shares: Mapping[Role | str, float] | None = None,
    swedish_only_share: float = 0.02,
) -> pd.DataFrame:
    """An invented cohort of sign-ups as a table with the canonical columns.

    Parameters
    ----------
    n
        Number of participants, at least 1.
    seed
        Seed for ``numpy.random.default_rng``; the same arguments always give
        the same frame (and the same CSV bytes).
    languages
        The programme's languages, from ``"fi"``, ``"en"`` and ``"sv"``. Each
        participant speaks one or two of them and writes their texts in the
        first. Independently of this, about 5 % also speak Swedish.
    forms
        Forms of mentoring the programme runs, as in :class:`Programme.forms
        <mentorpair.Programme>`: ``"traditional"``, ``"reverse"``, ``"group"``,
        ``"peer"``. They decide who signs up:

        * ``"peer"``: 5 % peers and 5 % either role; without it, none, and
          the roles are 45 % mentors and 55 % mentees. ``"peer"`` alone: all peers.
        * ``"group"``: mentor capacities 1, 2 or 3 (55/30/15 %), so some can
          take a group; with no ``"traditional"``, 2 or 3 (60/40 %). Without
          ``"group"``: 1 or 2 (70/30 %).
        * ``"reverse"``: 10 % of mentors are juniors (1 to 4 years) whose
          specialism is new technology, so some mentors have less experience
          than mentees who want it; as the only mentor-mentee form, every
          mentor is such a junior and every mentee a long-serving professional
          (5+ years, when stated) who wants new technology. Without it, no juniors.

        Default: all four, the mix the bundled demo cohort was made with.
        The same seed with other forms gives another cohort.
    same_organisation_share
        Share of non-mentors placed in the organisation of some mentor; the
        others come from organisations with no mentor. 0 means no mentor
        shares an organisation with a non-mentor; 1 means every non-mentor
        has a colleague among the mentors (when there are mentors).
    role_shares
        Share of each role, e.g. ``{"mentor": 0.5, "mentee": 0.5}``; keys are
        roles or their names (``"aktori"`` means mentee), missing roles get 0,
        and the shares must add up to 1. Default: 40 % mentors, 50 % mentees,
        5 % peers, 5 % either role, or as ``forms`` says. Shares that
        ``forms`` rules out (peers without ``"peer"``; mentors or mentees
        with ``"peer"`` alone) raise. Counts are apportioned exactly.
    swedish_only_share
        Share of participants (mentees first) who speak only Swedish, so that
        some have no language in common with most others.

    Returns
    -------
    pandas.DataFrame
        One row per participant, columns :data:`COLUMNS`, every value a
        string: lists joined with ``"|"``, missing values as ``""``. Ids are
        ``M001`` for mentors, ``A001`` for mentees (*aktori*) and ``P001`` for
        peers and either-role participants.

    Raises
    ------
    ValueError
        If an argument is out of range or of the wrong kind, or a form is
        unknown (the message names it).

    Examples
    --------
    >>> frame = synthetic_frame(10, seed=1)
    >>> list(frame.columns) == list(COLUMNS)
    True
    >>> sorted(frame["role"].unique())
    ['mentee', 'mentor', 'peer']
    """

    if not is_int(n) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    if not is_int(seed) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    langs = check_languages(languages)
    same_share = check_share("same_organisation_share", same_organisation_share)
    sv_share = check_share("swedish_only_share", swedish_only_share)
    shape = cohort_shape(check_forms(forms), None if role_shares is None else check_role_shares(role_shares))
    n = int(n)

    rng = np.random.default_rng(int(seed))
    roles = _roles(rng, n, shape.role_shares)
    ids = _ids(roles)
    profiles = _profiles(rng, roles, shape)
    orgs, home = _organisations(rng, roles, same_share)
    spoken = _language_profiles(rng, n, langs)
    for i in _swedish_only(rng, roles, sv_share):
        spoken[i] = ("sv",)
    years = [_experience(rng, p) for p in profiles]
    areas = [_goal_areas(rng, p) for p in profiles]
    texts = [participant_texts(rng, roles[i], profiles[i], spoken[i][0], areas[i], years[i]) for i in range(n)]
    modes = [_meeting_mode(rng) for _ in range(n)]
    towns = [_location(rng, home[org]) for org in orgs]
    capacities = [_capacity(rng, role, shape.mentor_capacity) for role in roles]
    wishes, exclusions = wishes_and_exclusions(rng, roles, orgs, areas)

    def ref(index: int | None) -> str:
        return "" if index is None else ids[index]

    data = {
        "id": ids,
        "role": [role.value for role in roles],
        "organisation": orgs,
        "experience_years": ["" if y is None else f"{y:g}" for y in years],
        "goal_areas": ["|".join(a) for a in areas],
        "goals": [g for g, _ in texts],
        "offers": [o for _, o in texts],
        "languages": ["|".join(s) for s in spoken],
        "meeting_mode": modes,
        "location": towns,
        "capacity": ["" if c is None else str(c) for c in capacities],
        "wishes": [ref(w) for w in wishes],
        "exclusions": [ref(x) for x in exclusions],
    }
    return pd.DataFrame(data, columns=list(COLUMNS))


def synthetic_cohort(
    n: int,
    *,
    seed: int = 0,
    languages: Sequence[str] = ("fi", "en"),
    forms: Iterable[str] = FORMS,
    same_organisation_share: float = 0.3,
    role_shares: Mapping[Role | str, float] | None = None,
    swedish_only_share: float = 0.02,
) -> Cohort:
    """An invented cohort, read through the same path as real sign-ups.

    Parameters
    ----------
    n, seed, languages, forms, same_organisation_share, role_shares, swedish_only_share
        As for :func:`synthetic_frame`.

    Returns
    -------
    Cohort
        ``mentorpair.io.from_pandas(synthetic_frame(...))``.

    Examples
    --------
    >>> len(synthetic_cohort(12, seed=3))
    12
    """

    frame = synthetic_frame(
        n,
        seed=seed,
        languages=languages,
        forms=forms,
        same_organisation_share=same_organisation_share,
        role_shares=role_shares,
        swedish_only_share=swedish_only_share,
    )
    return from_pandas(frame)
