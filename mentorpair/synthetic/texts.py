"""The free-text goals and offers of invented participants, from the phrase banks.

A text is one sentence per goal area, in the participant's first language,
worded so that it does not read like a form: an optional opening about the
writer's career stage, topic clauses that avoid repeating an opening word,
connectives used at most once, and sometimes a closing sentence. Several
wordings per topic mean a mentor's offer answers a goal in different words
rather than repeating it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model.vocab import Role
from ..text.taxonomy import area_label
from .banks import phrases
from .draws import Rng, pick

__all__ = ["participant_texts"]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _stage(profile: str, years: float | None) -> str | None:
    if profile in ("student", "jobseeker"):
        return profile
    if years is None:
        return None
    return "early" if years < 5 else "experienced"


def _opening_words(clause: str) -> str:
    """The clause's first word, or first two after an English "I" (else every "I ..." would clash)."""
    words = clause.casefold().split()
    return " ".join(words[:2]) if words[0] in ("i", "i'd", "i'm") else words[0]


def _topic_sentences(rng: Rng, bank: Mapping[str, tuple[str, ...]], lang: str, areas: Sequence[str]) -> list[str]:
    """One sentence per area, worded so that a text does not read like a form.

    A clause starting like an earlier one ("Tavoitteeni on ... Tavoitteeni
    on ...") is avoided when the topic has another wording, and each
    connective ("Lisäksi", "Also,") is used at most once per text.
    """
    sentences = []
    used_openings: set[str] = set()
    connectives = list(phrases().connectives[lang])
    for position, area in enumerate(areas):
        fresh = [c for c in bank[area] if _opening_words(c) not in used_openings]
        clause = pick(rng, fresh or bank[area])
        used_openings.add(_opening_words(clause))
        if position > 0:
            connective = pick(rng, connectives)
            if connective:
                connectives.remove(connective)
            clause = connective + clause
        sentences.append(_capitalise(clause) + ".")
    return sentences


def _goal_text(rng: Rng, lang: str, areas: Sequence[str], stage: str | None, years: float | None) -> str:
    bank = phrases()
    parts: list[str] = []
    if stage is not None and rng.random() < 0.6:
        opening = pick(rng, bank.goal_openings[lang][stage])
        # Only the "experienced" openings mention years, and that stage implies years are known.
        parts.append(opening if years is None else opening.format(y=f"{years:g}"))
    parts += _topic_sentences(rng, bank.goals[lang], lang, areas)
    if rng.random() < 0.35:
        parts.append(pick(rng, bank.goal_closings[lang]))
    return " ".join(parts)


def _offer_text(rng: Rng, lang: str, areas: Sequence[str], profile: str, years: float | None,
                opening: bool = True) -> str:
    bank = phrases()
    parts: list[str] = []
    if opening and rng.random() < 0.6:
        if profile == "newcomer":
            parts.append(pick(rng, bank.offer_openings[lang]["newcomer"]))
        elif years is not None and years >= 2:
            parts.append(pick(rng, bank.offer_openings[lang]["experienced"]).format(y=f"{years:g}"))
    parts += _topic_sentences(rng, bank.offers[lang], lang, areas)
    if lang in bank.area_list_intro and rng.random() < 0.2:
        labels = [area_label(a, "fi" if lang == "fi" else "en") for a in areas]
        parts.append(pick(rng, bank.area_list_intro[lang]) + ", ".join(lab[:1].lower() + lab[1:] for lab in labels) + ".")
    if rng.random() < 0.3:
        parts.append(pick(rng, bank.offer_closings[lang]))
    return " ".join(parts)


def participant_texts(rng: Rng, role: Role, profile: str, lang: str, areas: Sequence[str],
                      years: float | None) -> tuple[str, str]:
    """(goals, offers): mentees write goals, mentors offers, peers and "any" both."""
    order = [areas[i] for i in rng.permutation(len(areas))]  # mention topics in varied order
    if role is Role.MENTEE:
        return _goal_text(rng, lang, order, _stage(profile, years), years), ""
    if role is Role.MENTOR:
        return "", _offer_text(rng, lang, order, profile, years)
    # Peers mentor each other in their own areas: take in the first, give in the rest.
    split = max(1, len(order) // 2)
    goals = _goal_text(rng, lang, order[:split], _stage(profile, years), years)
    offers = _offer_text(rng, lang, order[split:] or order, profile, years, opening=False)
    return goals, offers
