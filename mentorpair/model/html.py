"""HTML for Jupyter of the model's values (a Cohort, a Programme), and the building blocks every mentorpair view shares.

Each function returns one self-contained ``<div>`` with inline styles only (no
scripts, no external CSS), so it renders the same in JupyterLab, classic
Notebook, VS Code and a static HTML export. Every piece of participant text
and every rule value goes through :func:`html.escape`: a sign-up whose goals
read ``<script>...</script>`` shows those characters and runs nothing. The
Matching's view (:mod:`mentorpair.result.html`) is built from the same blocks.

>>> import mentorpair as mp
>>> "forbidden" in programme_html(mp.Programme(same_organisation="forbidden"))
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .cohort import Cohort
    from .programme import Programme

__all__ = ["cohort_html", "programme_html"]

_BOX = "font-family:inherit;font-size:13px;line-height:1.4;max-width:100%;overflow-x:auto"
_TABLE = "border-collapse:collapse;margin:4px 0 8px 0"
_TH = "text-align:left;padding:2px 8px;border-bottom:1px solid #8888;font-weight:600;white-space:nowrap"
_TD = "text-align:left;padding:2px 8px;border-bottom:1px solid #8882;vertical-align:top"
_TD_NUM = ("text-align:right;padding:2px 8px;border-bottom:1px solid #8882;vertical-align:top;"
           "font-variant-numeric:tabular-nums")
_MUTED = "color:#6e7781"
_BAR_WIDTH_PX = 180


def _e(value: object) -> str:
    """Text as HTML, quotes included (safe inside attributes too)."""
    return html.escape(str(value), quote=True)


def _short(text: str, limit: int) -> str:
    """Escaped text cut to ``limit`` characters, with the whole text in a tooltip when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return _e(text)
    return f'<span title="{_e(text)}">{_e(text[: limit - 1].rstrip())}…</span>'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Sequence[int] = (),
           nowrap: bool = False) -> str:
    """A table from already-escaped cell HTML."""
    head = "".join(f'<th style="{_TH}">{h}</th>' for h in header)
    td, td_num = (_TD + ";white-space:nowrap", _TD_NUM + ";white-space:nowrap") if nowrap else (_TD, _TD_NUM)
    body = "".join(
        "<tr>" + "".join(f'<td style="{td_num if i in numeric else td}">{cell}</td>' for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _titled_list(title: str, items: Sequence[str], colour: str | None = None) -> str:
    """A bold title over a bullet list; the items are escaped."""
    style = "font-weight:600" + (f";color:{colour}" if colour else "")
    bullets = "".join(f"<li>{_e(item)}</li>" for item in items)
    return f'<div style="{style}">{title}</div><ul style="margin:2px 0 8px 0">{bullets}</ul>'


def _facts(rows: Sequence[tuple[str, str]]) -> str:
    """A two-column key/value table; values are already-escaped HTML."""
    body = "".join(
        f'<tr><th style="{_TH};border:none;padding-left:0">{_e(k)}</th><td style="{_TD};border:none">{v}</td></tr>'
        for k, v in rows
    )
    return f'<table style="{_TABLE}"><tbody>{body}</tbody></table>'


def _badge(text: str, colour: str) -> str:
    return (f'<span style="display:inline-block;padding:0 6px;border-radius:8px;background:{colour};'
            f'color:#fff;font-size:11px;font-weight:600;vertical-align:middle">{_e(text)}</span>')


def _more(shown: int, total: int, noun: str, where: str) -> str:
    if total <= shown:
        return ""
    return f'<div style="{_MUTED}">… {total - shown} more {_e(noun)} not shown; see <code>{_e(where)}</code>.</div>'


def _number(value: float | None, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


# --------------------------------------------------------------------------- Cohort

_COHORT_COLUMNS = ("id", "role", "organisation", "experience_years", "goal_areas", "goals", "offers", "languages",
                   "meeting_mode", "location", "capacity", "wishes", "exclusions")


def _cell(value: Any, limit: int = 40) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return _short(", ".join(map(str, value)), limit)
    if isinstance(value, float):
        return _e(f"{value:g}")
    return _short(str(value), limit)


def _counts(values: Iterable[str]) -> str:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return ", ".join(f"{n} {_e(k)}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def cohort_html(cohort: Cohort, *, max_rows: int = 20) -> str:
    """HTML overview of a cohort: counts by role, organisations, languages, meeting modes,
    the reading notes, and its first ``max_rows`` participants (long texts cut, whole in a tooltip)."""
    people = cohort.participants
    n = len(people)
    orgs = {p.same_org_key for p in people if p.same_org_key}
    facts: list[tuple[str, str]] = [
        ("Participants", f"{n}" + (f" ({_counts(p.role.value for p in people)})" if n else "")),
        ("Organisations", f"{len(orgs)} distinct" + (f"; {n - sum(1 for p in people if p.same_org_key)} not given"
                                                     if any(not p.same_org_key for p in people) else "")),
    ]
    languages = [lang for p in people for lang in p.languages]
    if languages:
        facts.append(("Languages", _counts(languages)))
    if n:
        facts.append(("Meeting", _counts(p.meeting_mode.value for p in people)))
    n_wishes = sum(len(p.wishes) for p in people)
    n_excl = sum(len(p.exclusions) for p in people)
    facts.append(("Wishes / exclusions", f"{n_wishes} / {n_excl}"))
    out = [f'<div class="mentorpair-cohort" style="{_BOX}">',
           '<div style="font-weight:600;font-size:14px">mentorpair Cohort</div>', _facts(facts)]
    if cohort.notes:
        out.append(_titled_list("Read with these normalisations:", cohort.notes))
    if n:
        shown = people[:max_rows]
        rows = [[_cell(getattr(p, c)) for c in _COHORT_COLUMNS] for p in shown]
        out.append(_table([_e(c) for c in _COHORT_COLUMNS], rows, numeric=(3, 10), nowrap=True))
        out.append(_more(len(shown), n, "participants", "cohort.to_pandas()"))
    out.append("</div>")
    return "".join(out)


# --------------------------------------------------------------------------- Programme


def _rule_meaning(programme: Programme, name: str) -> str:
    p = programme
    weights = p.score_weights
    if name == "same_organisation":
        return {
            "allowed": "colleagues may be paired like anyone else",
            "discouraged": f"colleagues may be paired, with a penalty of {weights.same_organisation:g} on the score",
            "forbidden": "colleagues are never paired (hard rule)",
        }.get(str(p.same_organisation), "")
    if name == "max_mentees_per_mentor":
        if p.max_mentees_per_mentor is None:
            return ("as stated: each mentor takes their own capacity, in pairs or a group; one who stated none "
                    "takes 1 mentee, so leads no group")
        return (f"a mentor takes at most {p.max_mentees_per_mentor} mentee"
                f"{'s' if p.max_mentees_per_mentor != 1 else ''}, in pairs or a group; their own capacity can lower it")
    if name == "organisation_key":
        key = p.organisation_key
        return ("colleagues are told apart by a function of the participant" if callable(key) else {
            "exact": "same organisation: the organisation texts are equal (case and spaces aside)",
            "prefix": "same organisation: the texts before ' / ', ',' or ' - ' are equal",
            "email_domain": "same organisation: the e-mail domains are equal; no e-mail, no organisation",
        }.get(str(key), ""))
    if name == "meeting":
        return ("a pair that cannot meet as both asked is not allowed (hard rule)" if p.meeting == "hard"
                else "how well two can meet is part of the score")
    if name == "wishes":
        return {
            "bonus": f"a wish named either way adds {weights.wish:g} to the pair's score",
            "hard": "whoever named wishes gets at least one pair with someone they named (hard rule)",
            "hard-if-possible": ("as many as can be of those who named wishes get a pair with someone they "
                                 "named (first stage); the wish part is added as under 'bonus'"),
            "ignore": "wishes are not used",
        }.get(str(p.wishes), "")
    if name == "weights":
        return "weight of each score part"
    if name == "objective":
        return " then ".join(str(s) for s in p.objective) + "; each stage solved to optimality before the next"
    if name == "time_limit":
        return ("none: the solver runs until it proves the optimum" if p.time_limit is None
                else f"stop after {p.time_limit:g} s with the best matching found")
    if name == "work_limit":
        w = p.work_limit
        return ("scales with the cohort (half a minute to five minutes of deterministic work); a solve it stops is reproducible"
                if w == "auto" else "none: the solver runs until it proves the optimum" if w is None
                else f"stop after {w:g} deterministic seconds of work, the same on every run")
    if name == "seed":
        return "solver random seed; same input and seed give the same pairs"
    if name == "num_workers":
        return "CP-SAT search workers; 1 is reproducible on any machine"
    if name == "forms":
        return "forms of mentoring decided jointly"
    if name == "group_size":
        return ("smallest and largest number of mentees in a group" if "group" in p.forms
                else "unused: groups are not among the forms")
    if name == "group_cohesion_weight":
        return "weight of how well co-mentees' goals fit each other"
    if name == "group_candidates":
        return "a mentor's group is drawn from this many best-fitting mentees"
    if name == "dual_roles":
        return ("someone with role 'any' may be a mentee in one pair and a mentor in another" if p.dual_roles
                else "everyone has one role in the matching")
    if name == "require_all":
        return ("everyone must be matched (hard rule)" if p.require_all
                else "people may be left unmatched when no good pair exists")
    if name == "fixed_pairs":
        return "announced pairs that must stay (hard rule)"
    if name == "exclusions":
        return "pairs the coordinator rules out (hard rule)"
    if name == "memory_budget_mb":
        budget = getattr(p, name)
        return ("no limit on the model's memory" if budget is None
                else f"refuse, before building it, a model estimated to need more than {budget:g} MB")
    return ""


def _rule_value(programme: Programme, name: str) -> str:
    value = getattr(programme, name)
    if name == "weights":
        return ", ".join(f"{_e(k)} {v:g}" for k, v in programme.score_weights.as_dict().items())
    if name == "forms":
        return _e(", ".join(f for f in ("traditional", "reverse", "group", "peer") if f in value))
    if name == "objective":
        return _e(" → ".join(value))
    if name in ("fixed_pairs", "exclusions", "keep_pairs", "history"):
        if not value:
            return "none"
        # a history's pairs carry their round; every list is cut at 10, its length said
        listed = ", ".join(f"{a}–{b}" + (f" ({rest[0]})" if rest else "") for a, b, *rest in value[:10])
        return _e(listed + (f" and {len(value) - 10} more" if len(value) > 10 else ""))
    if name in ("time_limit", "memory_budget_mb", "work_limit") and value is None:
        return "none"
    if name == "max_mentees_per_mentor" and value is None:
        return "as stated"
    if callable(value):
        return _e(f"function {getattr(value, '__qualname__', type(value).__qualname__)}")
    return _e(value)


def programme_html(programme: Programme) -> str:
    """HTML table of a programme's rules: each value, what it means, and whether it differs from the default."""
    changed = set(programme.changed_fields())
    rows = []
    for f in fields(programme):
        name = f.name
        mark = "" if name in changed else f' <span style="{_MUTED}">(default)</span>'
        weight = "font-weight:600" if name in changed else ""
        rows.append([f'<span style="{weight}">{_e(name)}</span>',
                     f'<span style="{weight}">{_rule_value(programme, name)}</span>{mark}',
                     f'<span style="{_MUTED}">{_e(_rule_meaning(programme, name))}</span>'])
    n = len(changed)
    head = f"{n} rule{'s' if n != 1 else ''} changed from the defaults" if n else "all rules at their defaults"
    return (f'<div class="mentorpair-programme" style="{_BOX}">'
            f'<div style="font-weight:600;font-size:14px">mentorpair Programme '
            f'<span style="{_MUTED};font-weight:400">{_e(head)}</span></div>'
            f"{_table(['rule', 'value', 'meaning'], rows)}</div>")
