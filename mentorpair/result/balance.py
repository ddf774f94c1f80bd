"""What a matching reached on each balance rule (``Matching.balance``), and the summary lines about it.

Counted from the matching's pair rows and the participants, as the rules define it
(:mod:`mentorpair.model.balance`): a Share's rows with the property over all rows, a
GroupMix's largest share of one subgroup in any group, a Floor's weakest pair (score as shown,
cohesion share included) in each subgroup.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..model.balance import Floor, GroupMix, Share, fraction_of
from ..model.programme import Programme
from ..scoring.balance_flags import pair_has, subgroup_labels

if TYPE_CHECKING:  # pragma: no cover
    from ..model.cohort import Cohort

__all__ = ["BALANCE_COLUMNS", "balance_frame", "balance_lines", "held_out_text"]

#: the columns of ``Matching.balance``: one row per share bound, per group mix, per floor subgroup
BALANCE_COLUMNS = ("rule", "bound", "target", "value", "met", "hard", "subgroup", "count")


def balance_frame(pairs: pd.DataFrame, programme: Programme | None, cohort: Cohort | None) -> pd.DataFrame:
    """One row per share bound (value: the share reached), per group mix (value: the largest share of
    one subgroup among any group's mentees) and per floor subgroup with a pair (value: its weakest
    pair's score); ``count`` the rows with the property, the mentees of that largest share, the
    subgroup's pairs. ``met`` is None for a floor, which has no target."""
    if programme is None or cohort is None or not programme.balance:
        return pd.DataFrame([], columns=list(BALANCE_COLUMNS))
    people = list(cohort.participants)
    index = {p.id: i for i, p in enumerate(people)}
    labels: dict[str, list[str]] = {}

    def label(by: str, pid: str) -> str:
        if by not in labels:
            labels[by] = subgroup_labels(people, programme, by)
        return labels[by][index[pid]] if pid in index else ""

    rows_of = list(zip(pairs["mentor_id"].astype(str), pairs["mentee_id"].astype(str), pairs["kind"].astype(str),
                       pairs["score"].astype(float)))
    out: list[list[Any]] = []
    for rule in programme.balance:
        if isinstance(rule, Share):
            count = sum(1 for a, b, kind, _ in rows_of
                        if pair_has(rule.what, kind, cohort[a], cohort[b], label("organisation", a),
                                    label("organisation", b)))
            share = count / len(rows_of) if rows_of else 0.0
            for bound, target in (("at_least", rule.at_least), ("at_most", rule.at_most)):
                if target is not None:
                    # Exact, on the target the model holds (fraction_of): a float share of 1/3 is not 1/3.
                    t = fraction_of(target)
                    n = len(rows_of)
                    met = count * t.denominator >= t.numerator * n if bound == "at_least" else \
                        count * t.denominator <= t.numerator * n
                    out.append([rule.label, bound, float(target), share, met, rule.hard, "", count])
        elif isinstance(rule, GroupMix):
            groups: dict[str, list[str]] = defaultdict(list)
            for a, b, kind, _ in rows_of:
                if kind == "group":
                    groups[a].append(label(rule.by, b))
            worst, worst_count, worst_size = 0.0, 0, 1
            for members in groups.values():
                counts: dict[str, int] = defaultdict(int)
                for value in members:
                    if value:
                        counts[value] += 1
                for n in counts.values():
                    if n * worst_size > worst_count * len(members):
                        worst, worst_count, worst_size = n / len(members), n, len(members)
            t = fraction_of(rule.at_most)
            out.append([rule.label, "at_most", float(rule.at_most), worst,
                        worst_count * t.denominator <= t.numerator * worst_size, True, "", worst_count])
        elif isinstance(rule, Floor):
            weakest: dict[str, list[float]] = defaultdict(list)
            for a, b, _, score in rows_of:
                for value in {label(rule.by, a), label(rule.by, b)} - {""}:
                    weakest[value].append(score)
            for value in sorted(weakest):
                out.append([rule.label, "", math.nan, min(weakest[value]), None, False, value, len(weakest[value])])
    return pd.DataFrame(out, columns=list(BALANCE_COLUMNS))


_WORDS = {
    "en": {"balance": "balance", "met": "met", "not met": "not met", "hard": "hard", "soft": "soft",
           "at_least": "at least", "at_most": "at most", "floor": "weakest pair per {by}",
           "subgroups": "{n} subgroups, the weakest {value} ({name}), the mean of their weakest {mean}",
           "fewer": "; a hard share may leave people unmatched whom a matching without it would pair",
           "kept out": "; it keeps {n} out whom a free counterpart could have paired (see their reasons)",
           "organisation": "organisation", "language": "language"},
    "fi": {"balance": "tasapaino", "met": "toteutuu", "not met": "ei toteudu", "hard": "ehdoton", "soft": "tavoite",
           "at_least": "vähintään", "at_most": "enintään", "floor": "heikoin pari ryhmittäin ({by})",
           "subgroups": "{n} ryhmää, heikoin {value} ({name}), ryhmien heikoimpien keskiarvo {mean}",
           "fewer": "; ehdoton osuus voi jättää ilman paria ihmisiä, jotka ilman sitä saisivat parin",
           "kept out": "; se jättää ulkopuolelle {n}, joille vapaa pari olisi ollut (ks. heidän syynsä)",
           "organisation": "organisaatio", "language": "kieli"},
}


def balance_lines(frame: pd.DataFrame, language: str = "en", *, unmatched: int = 0,
                  held_out: int = 0) -> tuple[str, ...]:
    """The summary's lines on balance, in English or Finnish (decimal commas): one per share bound and
    group mix, one per floor. A hard share says how many of the ``unmatched`` it is known to keep out
    (``held_out``, :mod:`mentorpair.result.balance_reasons`); of a share whose kind only the pair's form
    decides (peer, reverse ...) that it may have left people out."""
    words = _WORDS["fi" if language == "fi" else "en"]

    def number(value: float, digits: int = 3) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if language == "fi" else text

    lines = []
    records = frame.to_dict("records")
    for row in (r for r in records if r["subgroup"] == ""):
        hard = bool(row["hard"])
        what = str(row["rule"]).split(" ")[1] if str(row["rule"]).startswith("share") else ""
        note = ""
        if hard and what and held_out:
            note = words["kept out"].format(n=held_out)
        elif hard and what and unmatched and what not in ("cross_organisation", "same_organisation", "wished"):
            note = words["fewer"]
        lines.append(f"{words['balance']}: {row['rule']} -> {number(float(row['value']))} "
                     f"({words[str(row['bound'])]} {number(float(row['target']), 2)}, "
                     f"{words['hard' if hard else 'soft']}): {words['met' if row['met'] else 'not met']}{note}")
    floors: dict[str, list[dict[Any, Any]]] = {}
    for row in (r for r in records if r["subgroup"] != ""):
        floors.setdefault(str(row["rule"]), []).append(row)
    for rule, rows in floors.items():
        by = rule.rsplit(" ", 1)[-1]
        low = min(rows, key=lambda r: (float(r["value"]), str(r["subgroup"])))
        mean = sum(float(r["value"]) for r in rows) / len(rows)
        text = words["subgroups"].format(n=len(rows), value=number(float(low["value"]), 4), name=low["subgroup"],
                                         mean=number(mean, 4))
        lines.append(f"{words['floor'].format(by=words.get(by, by))}: {text}")
    return tuple(lines)


def held_out_text(held: tuple[tuple[str, str], ...], language: str) -> str:
    """The clause added to a reason: whom they could have had, and the hard share that pair would break."""
    shown = held[:3]
    parts = [f"{other} (free; the pair would break the hard {rule})" if language != "fi" else
             f"{other} (vapaa; pari rikkoisi ehdottoman säännön {rule})" for other, rule in shown]
    more = len(held) - len(shown)
    tail = (f" and {more} more" if language != "fi" else f" ja {more} muuta") if more > 0 else ""
    return ("; a hard share keeps them out: " if language != "fi" else "; ehdoton osuus jättää hänet ulkopuolelle: "
            ) + ", ".join(parts) + tail
