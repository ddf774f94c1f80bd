"""Rich HTML for Jupyter of a :class:`~mentorpair.Matching`: status, score bars, pairs and the unmatched.

Built from the escaped building blocks of :mod:`mentorpair.model.html`, which
also renders a Cohort and a Programme; every participant text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..model.html import (
    _BAR_WIDTH_PX,
    _BOX,
    _MUTED,
    _badge,
    _e,
    _facts,
    _more,
    _number,
    _table,
    _titled_list,
)
from ..model.vocab import PART_LABELS, SCALE

if TYPE_CHECKING:  # pragma: no cover
    from .matching import Matching

__all__ = [
    "COMPONENT_COLOURS",
    "COMPONENT_LABELS",
    "PENALTY_COLOUR",
    "SCORE_PARTS",
    "matching_html",
]

#: the positive parts of a pair's score, in the order bars stack them
SCORE_PARTS: tuple[str, ...] = ("goal_text", "goal_areas", "experience", "meeting", "wish", "repeat", "availability",
                                "cohesion")
#: the parts that subtract when negative: the same-organisation penalty, and a pair of an earlier round avoided
PENALTIES: tuple[str, ...] = ("same_organisation", "repeat")

#: one colour per score part (Okabe-Ito, readable with colour-vision deficiency); shared with :mod:`mentorpair.result.plot`
COMPONENT_COLOURS: dict[str, str] = {
    "goal_text": "#0072B2",
    "goal_areas": "#56B4E9",
    "experience": "#009E73",
    "meeting": "#E69F00",
    "wish": "#CC79A7",
    "repeat": "#999933",
    "availability": "#44AA99",
    "cohesion": "#8C6D31",
}
#: the penalties: the same organisation, and a pair of an earlier round avoided
PENALTY_COLOUR = "#D55E00"

#: the parts' names on bars and legends; the one part that subtracts says so
COMPONENT_LABELS: dict[str, str] = {**PART_LABELS["en"], "same_organisation": "same organisation (penalty)"}

_STATUS_COLOURS = {
    "OPTIMAL": "#1a7f37",
    "FEASIBLE": "#9a6700",
    "INFEASIBLE": "#cf222e",
    "UNKNOWN": "#57606a",
    "MODEL_INVALID": "#cf222e",
}
_STATUS_MEANING = {
    "OPTIMAL": "every objective stage proved optimal",
    "FEASIBLE": "every hard rule holds, but a time limit stopped the proof of optimality",
    "INFEASIBLE": "the hard rules admit no matching; see the conflicting rules below",
    "UNKNOWN": "the solver stopped before finding any matching",
    "MODEL_INVALID": "the model was invalid: this is a bug, please report it",
}

# --------------------------------------------------------------------------- Matching


def score_bar_max(matching: Matching) -> float:
    """The score a bar's full width stands for: the best score the weights allow, or more if a pair has it."""
    programme = matching.programme
    best = 0.0
    if programme is not None:  # caller-given scores (assign, pair_peers) have no weights
        weights = programme.score_weights.as_dict()
        best = sum(w for name, w in weights.items() if name != "same_organisation")
        if "group" in programme.forms:
            best += programme.group_cohesion_weight
    pairs = matching.pairs
    present = [c for c in SCORE_PARTS if c in pairs.columns]
    if present and not pairs.empty:
        best = max(best, float(pairs[present].clip(lower=0).sum(axis=1).max()))
    elif "score" in pairs.columns and not pairs.empty:
        best = max(best, float(pairs["score"].max()))
    return best if best > 0 else 1.0


def _segment(width: float, colour: str, title: str, *, cancelled: bool = False) -> str:
    if width <= 0:
        return ""
    style = f"flex:0 0 {width:.3f}%;height:100%;background:{colour}"
    if cancelled:
        # The part of the positive parts that a penalty (same organisation, an avoided repeat) takes back.
        style += (f";opacity:.55;background-image:repeating-linear-gradient(135deg,transparent 0 3px,"
                  f"{PENALTY_COLOUR} 3px 5px)")
    return f'<span style="{style}" title="{_e(title)}"></span>'


def score_bar(parts: Mapping[str, float], scale: float) -> str:
    """A horizontal bar of a pair's parts, each in its colour; the penalty is hatched over the parts it cancels.

    ``parts`` maps part names (``SCORE_PARTS`` and ``same_organisation``) to
    their weighted values; the bar's full width stands for ``scale``. The solid
    length is the score. The tooltip lists the parts to four decimals, where
    they are exact (parts are whole units of 1/10,000) and so add up to the score.
    """
    # Whole units of 1/10,000, as the scores are made, so that no float noise cuts a part.
    units = {c: round(float(parts.get(c, 0.0)) * SCALE) for c in (*SCORE_PARTS, "same_organisation")}
    taken = {c: max(0, -units[c]) for c in PENALTIES}
    penalty = sum(taken.values())
    positives = [(c, units[c]) for c in SCORE_PARTS if units[c] > 0]
    total = sum(v for _, v in positives)
    solid_end = total - penalty
    segments = []
    start = 0
    for name, value in positives:
        end = start + value
        label = f"{COMPONENT_LABELS[name]} {value / SCALE:.4f}"
        solid = max(0, min(end, solid_end) - start)
        segments.append(_segment(100 * solid / SCALE / scale, COMPONENT_COLOURS[name], label))
        segments.append(_segment(100 * (value - solid) / SCALE / scale, COMPONENT_COLOURS[name],
                                 f"{label}, cancelled by a penalty", cancelled=True))
        start = end
    words = " + ".join(f"{COMPONENT_LABELS[c]} {v / SCALE:.4f}" for c, v in positives) or "0"
    for name, value in taken.items():
        if value:
            words += f" − {PART_LABELS['en'][name]} {value / SCALE:.4f}"
    words += f" = {(total - penalty) / SCALE:.4f}"
    return (f'<span style="display:flex;width:{_BAR_WIDTH_PX}px;height:12px;background:#8882;'
            f'border-radius:2px;overflow:hidden" title="{_e(words)}">{"".join(segments)}</span>')


def _legend(names: Sequence[str], penalty: bool) -> str:
    items = [
        f'<span style="white-space:nowrap;margin-right:10px"><span style="display:inline-block;width:10px;'
        f'height:10px;background:{COMPONENT_COLOURS[c]};margin-right:3px;vertical-align:middle"></span>'
        f"{_e(COMPONENT_LABELS[c])}</span>"
        for c in names
    ]
    if penalty:
        items.append(
            f'<span style="white-space:nowrap"><span style="display:inline-block;width:10px;height:10px;'
            f'background:#888;opacity:.55;background-image:repeating-linear-gradient(135deg,transparent 0 3px,'
            f'{PENALTY_COLOUR} 3px 5px);margin-right:3px;vertical-align:middle"></span>'
            f"taken back by a penalty (same organisation, or a pair of an earlier round avoided)</span>"
        )
    return f'<div style="{_MUTED};font-size:12px">{"".join(items)}</div>'


def matching_html(matching: Matching, *, max_rows: int = 60) -> str:
    """HTML summary of a matching: status, coverage, weakest pair, total, and a table of pairs
    with a per-component score bar (hover a bar for its numbers), then the unmatched and why.

    At most ``max_rows`` pairs and unmatched participants are listed; the full
    tables are ``matching.pairs`` and ``matching.unmatched``.
    """
    pairs = matching.pairs
    unmatched = matching.unmatched
    status = str(matching.status)
    n_matched = len(matching.matched_ids)
    cohort = matching._cohort
    n_people = len(cohort) if cohort is not None else n_matched + len(unmatched)
    share = f" ({n_matched / n_people:.0%})" if n_people else ""
    n_pairs = len(pairs)

    badge = _badge(status, _STATUS_COLOURS.get(status, "#57606a"))
    meaning = _e(_STATUS_MEANING.get(status, ""))
    facts: list[tuple[str, str]] = [
        ("Status", f'{badge} <span style="{_MUTED}">{meaning}</span>'),
        ("Coverage", f"{n_matched} of {n_people} participants matched{share} in {n_pairs} "
                     + ("pair" if n_pairs == 1 else "pairs")),
    ]
    if n_pairs:
        weakest = pairs.iloc[int(pairs["score"].to_numpy().argmin())]
        who = f"{_e(weakest['mentor_id'])} – {_e(weakest['mentee_id'])}, {_e(weakest.get('kind', ''))}"
        facts.append(("Weakest pair", f"{_number(float(weakest['score']))} ({who})"))
    else:
        facts.append(("Weakest pair", "–"))
    total = _number(matching.objective)
    if matching.objective is not None:
        if matching.bound is not None and matching.gap is not None:
            total += f' <span style="{_MUTED}">(bound {_number(matching.bound)}, gap {matching.gap:.2%})</span>'
        else:
            total += f' <span style="{_MUTED}">(no proven bound)</span>'
    facts.append(("Total score", total))
    facts.append(("Encoder", _e(matching.encoder_id)))
    facts.append(("Solved in", f"{matching.seconds:.2f} s"))

    out = [f'<div class="mentorpair-matching" style="{_BOX}">',
           '<div style="font-weight:600;font-size:14px">mentorpair Matching</div>', _facts(facts)]

    if matching.conflicts:
        out.append(_titled_list("These hard rules cannot all hold:", matching.conflicts,
                                colour=_STATUS_COLOURS["INFEASIBLE"]))
    if matching.relaxation:
        out.append(_titled_list("Dropping these makes a matching possible:", matching.relaxation))

    if n_pairs:
        has_parts = all(c in pairs.columns for c in ("same_organisation", *SCORE_PARTS[:-1]))
        shown = pairs.head(max_rows)
        header = ["Group", "Kind", "Mentor", "Mentee", "Score"]
        if has_parts:
            header.append("Parts")
            scale = score_bar_max(matching)
            used = [c for c in SCORE_PARTS if c in pairs.columns and bool((pairs[c] > 0).any())]
            out.append(_legend(used, bool((pairs[[c for c in PENALTIES if c in pairs.columns]] < 0).any().any())))
        rows = []
        for rec in shown.to_dict("records"):
            row = [_e(rec.get("group_id", "")), _e(rec.get("kind", "")), _e(rec["mentor_id"]),
                   _e(rec["mentee_id"]), _number(float(rec["score"]))]
            if has_parts:
                row.append(score_bar({c: float(rec.get(c, 0.0)) for c in (*SCORE_PARTS, "same_organisation")},
                                     scale))
            rows.append(row)
        out.append(_table(header, rows, numeric=(4,)))
        out.append(_more(len(shown), n_pairs, "pairs", "matching.pairs"))

    if len(unmatched):
        out.append(f'<div style="font-weight:600;margin-top:6px">Unmatched ({len(unmatched)})</div>')
        shown_u = unmatched.head(max_rows)
        rows = [[_e(r["participant_id"]), _e(r.get("role", "")), _e(r.get("reason", ""))]
                for r in shown_u.to_dict("records")]
        out.append(_table(["Participant", "Role", "Reason"], rows))
        out.append(_more(len(shown_u), len(unmatched), "unmatched participants", "matching.unmatched"))
    elif n_people:
        out.append(f'<div style="{_MUTED}">Nobody is left unmatched.</div>')
    out.append("</div>")
    return "".join(out)


