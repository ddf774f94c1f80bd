"""One figure that shows a matching at a glance: how good the pairs are, what makes
up each pair's score, and who is left unmatched.

matplotlib is an optional extra (``pip install 'mentorpair[plot]'``) and is
imported only when a plot is asked for; without it, :func:`plot_matching`
raises :class:`~mentorpair.MissingDependencyError` saying what to install.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import TYPE_CHECKING

from ..exceptions import MissingDependencyError
from ..model.vocab import PART_LABELS
from .html import COMPONENT_COLOURS, COMPONENT_LABELS, PENALTY_COLOUR, SCORE_PARTS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .matching import Matching

__all__ = ["plot_matching"]

#: with more pairs than this the breakdown drops its per-pair labels
_LABELLED_PAIRS = 40
#: unmatched ids listed by name per role before "+N more"
_NAMED_UNMATCHED = 8
_MATCHED_COLOUR = "#009E73"
_UNMATCHED_COLOUR = PENALTY_COLOUR


def plot_matching(matching: Matching, path: str | os.PathLike[str] | None = None, *, dpi: int = 120) -> Figure:
    """Draw ``matching`` as one figure of three panels and return the matplotlib ``Figure``.

    * **Score distribution** – a histogram of the pairs' scores, with the
      weakest pair and the mean marked.
    * **Who is unmatched** – matched and unmatched counts per role, with the
      unmatched participants named (their reasons are in ``matching.unmatched``).
    * **Score parts per pair** – one stacked bar per pair, pairs sorted by
      score: each positive part (goal text, goal areas, experience, meeting,
      wish, group cohesion) stacks up from zero, the same-organisation penalty
      hangs below zero, and a dot marks the score. When the hard rules
      conflict, the panel lists the conflicting rules instead.

    Parameters
    ----------
    matching
        The result of :func:`mentorpair.match` (or of the low-level
        :func:`~mentorpair.assign`, whose pairs have a score but no parts).
    path
        Where to save the figure (PNG, or any format matplotlib knows from the
        file suffix). ``None`` saves nothing.
    dpi
        Resolution of the saved file.

    Returns
    -------
    matplotlib.figure.Figure
        In Jupyter the figure shows as the cell's output. It is not left open
        in pyplot, so plotting many matchings in a loop holds no memory;
        in a script, pass ``path`` or call ``fig.savefig(...)``.
    """
    try:
        # matplotlib is the optional [plot] extra
        import matplotlib

        # matplotlib is the optional [plot] extra
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError("matplotlib", "plot", "Matching.plot()") from exc

    n_pairs = len(matching.pairs)
    width = 12.0 if n_pairs <= _LABELLED_PAIRS else 14.0
    with matplotlib.rc_context({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False}):
        if path is None or "ipykernel" in sys.modules:
            # Made through pyplot so that Jupyter's inline backend can render it,
            # then released from pyplot so that it shows once and is not kept open.
            # Saving only (the CLI) needs no pyplot, so no GUI backend is touched.
            import matplotlib.pyplot as plt

            fig = plt.figure(figsize=(width, 8.0), layout="constrained")
            plt.close(fig)
        else:
            fig = Figure(figsize=(width, 8.0), layout="constrained")
        grid = fig.add_gridspec(2, 2, height_ratios=(1.0, 1.3))
        _score_distribution(fig.add_subplot(grid[0, 0]), matching)
        _unmatched_panel(fig.add_subplot(grid[0, 1]), matching)
        _breakdown(fig.add_subplot(grid[1, :]), matching)
        fig.suptitle(_title(matching), fontsize=11, fontweight="bold")
        if path is not None:
            fig.savefig(os.fspath(path), dpi=dpi)
    return fig


def _title(matching: Matching) -> str:
    cohort = matching._cohort
    n_matched = len(matching.matched_ids)
    n_people = len(cohort) if cohort is not None else n_matched + len(matching.unmatched)
    parts = [f"{matching.status}", f"{n_matched} of {n_people} matched in {len(matching.pairs)} pairs"]
    if matching.weakest_score is not None:
        parts.append(f"weakest pair {matching.weakest_score:.2f}")
    if matching.objective is not None:
        parts.append(f"total {matching.objective:.2f}")
    return "Matching: " + " · ".join(parts)


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555", wrap=True,
            parse_math=False)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _score_distribution(ax: Axes, matching: Matching) -> None:
    ax.set_title("Score distribution", loc="left", fontweight="bold")
    pairs = matching.pairs
    if pairs.empty:
        _empty(ax, "no pairs")
        return
    scores = pairs["score"].to_numpy(dtype=float)
    bins = min(20, max(5, len(scores) // 3))
    ax.hist(scores, bins=bins, color=COMPONENT_COLOURS["goal_text"], alpha=0.85, edgecolor="white")
    weakest, mean = float(scores.min()), float(scores.mean())
    ax.axvline(weakest, color=PENALTY_COLOUR, linestyle="--", linewidth=1.2, label=f"weakest {weakest:.2f}")
    ax.axvline(mean, color="#333333", linestyle=":", linewidth=1.2, label=f"mean {mean:.2f}")
    ax.set_xlabel("pair score")
    ax.set_ylabel("pairs")
    # matplotlib is the optional [plot] extra
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, loc="best")


def _roles(matching: Matching) -> tuple[list[str], dict[str, int], dict[str, list[str]]]:
    """Roles in display order, matched count per role, and unmatched ids per role."""
    unmatched = matching.unmatched
    missing: dict[str, list[str]] = {}
    roles_of_unmatched = unmatched["role"] if "role" in unmatched.columns else ["participant"] * len(unmatched)
    for pid, role in zip(unmatched["participant_id"], roles_of_unmatched):
        missing.setdefault(str(role), []).append(str(pid))
    matched: dict[str, int] = {}
    cohort = matching._cohort
    if cohort is not None:
        for pid in matching.matched_ids:
            role = cohort[pid].role.value
            matched[role] = matched.get(role, 0) + 1
    else:
        matched["participant"] = len(matching.matched_ids)
    order = ["mentor", "mentee", "peer", "any", "participant"]
    others = sorted((set(matched) | set(missing)) - set(order))
    roles = [r for r in order if r in matched or r in missing] + others
    return roles, matched, missing


def _unmatched_panel(ax: Axes, matching: Matching) -> None:
    ax.set_title("Who is unmatched", loc="left", fontweight="bold")
    roles, matched, missing = _roles(matching)
    if not roles:
        _empty(ax, "nobody in the cohort")
        return
    y = list(range(len(roles)))
    got = [matched.get(r, 0) for r in roles]
    left = [len(missing.get(r, [])) for r in roles]
    ax.barh(y, got, height=0.6, color=_MATCHED_COLOUR, label="matched")
    ax.barh(y, left, height=0.6, left=got, color=_UNMATCHED_COLOUR, label="unmatched")
    ax.set_yticks(y, labels=roles)
    ax.invert_yaxis()
    ax.set_xlabel("participants")
    # matplotlib is the optional [plot] extra
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    most = max(g + m for g, m in zip(got, left)) or 1
    ax.set_xlim(0, most * 1.9)  # room for the names on the right
    for yi, role, g, m in zip(y, roles, got, left):
        ids = missing.get(role, [])
        if ids:
            named = ", ".join(ids[:_NAMED_UNMATCHED])
            if len(ids) > _NAMED_UNMATCHED:
                named += f" +{len(ids) - _NAMED_UNMATCHED} more"
            text = "\n".join(textwrap.wrap(f"{m} unmatched: {named}", 48))
        else:
            text = f"all {g} matched"
        ax.text(g + m + most * 0.03, yi, text, va="center", fontsize=8, color="#333333", parse_math=False)
    ax.legend(frameon=False, loc="lower right")


def _breakdown(ax: Axes, matching: Matching) -> None:
    pairs = matching.pairs
    if matching.conflicts or pairs.empty:
        ax.set_title("Why there is no matching" if matching.conflicts else "Score parts per pair", loc="left",
                     fontweight="bold")
        if matching.conflicts:
            lines = ["No matching: these hard rules cannot all hold"]
            lines += ["\n   ".join(textwrap.wrap(f"• {c}", 110)) for c in matching.conflicts]
            if matching.relaxation:
                lines += ["", "Dropping these makes a matching possible:"]
                lines += ["\n   ".join(textwrap.wrap(f"• {c}", 110)) for c in matching.relaxation]
            ax.text(0.0, 1.0, "\n".join(lines), ha="left", va="top", transform=ax.transAxes, fontsize=9,
                    color="#333333", parse_math=False)
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
        else:
            _empty(ax, "no pairs")
        return
    ordered = pairs.sort_values("score", kind="stable").reset_index(drop=True)
    x = list(range(len(ordered)))
    bar_width = 0.8 if len(ordered) <= _LABELLED_PAIRS else 1.0
    has_parts = all(c in ordered.columns for c in (*SCORE_PARTS, "same_organisation"))
    if has_parts:
        bottom = [0.0] * len(ordered)
        for name in SCORE_PARTS:
            values = ordered[name].clip(lower=0).to_numpy(dtype=float)
            if not values.any():
                continue
            ax.bar(x, values, bar_width, bottom=bottom, color=COMPONENT_COLOURS[name], label=COMPONENT_LABELS[name],
                   linewidth=0)
            bottom = [b + v for b, v in zip(bottom, values)]
        # What subtracts: the same-organisation penalty and an avoided pair of an earlier round, one bar.
        penalty = (ordered["same_organisation"].clip(upper=0).to_numpy(dtype=float)
                   + ordered["repeat"].clip(upper=0).to_numpy(dtype=float))
        if penalty.any():
            ax.bar(x, penalty, bar_width, color=PENALTY_COLOUR, hatch="///", edgecolor="white", linewidth=0,
                   label="penalty: " + " and ".join(PART_LABELS["en"][c] for c in ("same_organisation", "repeat")
                                                    if (ordered[c] < 0).any()))
            ax.axhline(0, color="#333333", linewidth=0.8)
        ax.scatter(x, ordered["score"], s=14 if len(x) <= _LABELLED_PAIRS else 6, color="black", zorder=3,
                   label="score")
        ax.set_title("Score parts per pair (sorted by score)", loc="left", fontweight="bold")
        ax.legend(frameon=False, ncol=4, loc="upper left", fontsize=8)
        top = max(max(bottom), float(ordered["score"].max()))
        ax.set_ylim(min(0.0, float(penalty.min())) * 1.15, top * 1.35 if top > 0 else 1.0)
    else:
        ax.bar(x, ordered["score"], bar_width, color=COMPONENT_COLOURS["goal_text"], label="score")
        ax.set_title("Score per pair (sorted by score; scores given by the caller have no parts)", loc="left",
                     fontweight="bold")
    ax.set_ylabel("score")
    ax.set_xlim(-0.6, len(x) - 0.4)
    if len(ordered) <= _LABELLED_PAIRS:
        labels = [f"{a}–{b}" for a, b in zip(ordered["mentor_id"], ordered["mentee_id"])]
        ax.set_xticks(x, labels=labels, rotation=60, ha="right", fontsize=7, parse_math=False)
    else:
        ax.set_xticks([])
        ax.set_xlabel(f"{len(ordered)} pairs, weakest on the left")
