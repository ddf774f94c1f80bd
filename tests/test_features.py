"""The vectorised pair rules (features.py) agree with the one-pair rules explanations use (scoring.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from strategies import cohorts, programmes

from mentorpair.scoring.parts import (
    common_languages,
    meeting_fit,
    same_organisation,
    shared_areas,
    wished,
)
from mentorpair.scoring.vectorised import PeopleArrays


@given(cohort=cohorts(min_size=2, max_size=8), programme=programmes())
@settings(max_examples=60)
def test_vectorised_rules_match_the_one_pair_rules(cohort, programme) -> None:  # type: ignore[no-untyped-def]
    people = cohort.participants
    arrays = PeopleArrays.of(people, programme)
    pairs = [(i, j) for i in range(len(people)) for j in range(len(people)) if i != j]
    a = np.array([i for i, _ in pairs], dtype=np.int64)
    b = np.array([j for _, j in pairs], dtype=np.int64)
    meeting = arrays.meeting_fit(a, b)
    wishes = arrays.wished(a, b)
    clash = arrays.language_clash(a, b)
    org = arrays.same_organisation(a, b)
    overlap = arrays.area_overlap(a, b)
    for k, (i, j) in enumerate(pairs):
        p, q = people[i], people[j]
        assert meeting[k] == meeting_fit(p, q)[0]
        assert wishes[k] == wished(p, q)
        assert clash[k] == (common_languages(p, q) == [])
        assert org[k] == same_organisation(p, q, programme)
        expected = len({*shared_areas(p, q)}) and len(shared_areas(p, q))
        if q.goal_areas:
            from mentorpair.scoring.parts import area_key

            wanted = {area_key(x) for x in q.goal_areas}
            covered = {area_key(x) for x in shared_areas(p, q)}
            assert np.isclose(overlap[k], len(covered) / len(wanted))
        else:
            assert overlap[k] == 0.0 and expected == 0
