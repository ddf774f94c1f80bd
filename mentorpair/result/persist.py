"""Saving a matching as JSON, and checking later that it came from a given cohort and rules.

A saved matching holds the pairs, the unmatched and how good the solution is
known to be, the encoder and every programme rule, plus three SHA-256 content
hashes:

``cohort_sha256``
    of the cohort as canonical CSV (:func:`cohort_sha256`): the columns of
    :func:`mentorpair.io.cohort_to_pandas`, comma-separated, ``\\n`` line
    ends, UTF-8 without a byte order mark. It depends on what the participants
    wrote, not on how the file was laid out or which notes reading made.
``programme_sha256``
    of every rule as canonical JSON (:func:`programme_sha256`): keys sorted,
    no spaces, weights as a mapping, sets as sorted lists.
``result_sha256``
    of the saved result itself, so that a file edited after saving is noticed.

Format version 2 keeps the names and e-mail addresses of ``Matching.pairs``
and ``Matching.unmatched`` beside the ids (so the file holds them whenever the
sign-ups gave them). A version 1 file, written before those columns existed,
loads with them empty, and still verifies: its hash is of what it holds.

:func:`verify_saved` recomputes them against the cohort and rules a
coordinator has at hand and re-checks every pair with the independent
:func:`mentorpair.validate.validate`, so that one can show which input
produced which pairs. The file is plain JSON; nothing is ever unpickled.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..exceptions import Problem, ValidationError
from ..io import cohort_to_pandas
from ..model.balance import Floor, GroupMix, Share
from ..model.cohort import Cohort
from ..model.programme import Programme, Weights
from ..status import Status
from ..validate import validate
from ..version import __version__
from .matching import PAIR_CONTACT_COLUMNS, UNMATCHED_CONTACT_COLUMNS, MatchingRecord

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "SavedMatching",
    "cohort_sha256",
    "load_matching",
    "programme_sha256",
    "save_matching",
    "verify_saved",
]

FORMAT = "mentorpair.matching"
FORMAT_VERSION = 2  # 2: names and e-mail addresses beside the ids
_NUMERIC_DTYPES = ("float64", "float32", "int64", "int32", "int16", "int8", "bool")


@dataclasses.dataclass(frozen=True, eq=False)
class SavedMatching(MatchingRecord):
    """A matching read back by :func:`load_matching`.

    It has the fields of :class:`mentorpair.result.MatchingRecord` that describe
    the result, so :func:`mentorpair.validate.validate` accepts it, plus the
    content hashes written with it and the mentorpair version that wrote it.
    Only matchings made under a programme are saved, so ``programme`` is never None.
    """

    programme: Programme
    cohort_sha256: str
    programme_sha256: str
    result_sha256: str
    mentorpair_version: str
    # Columns the file did not have and loading added empty (a version 1 file has no names):
    # the result hash is checked over what the file held.
    _filled: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (
            f"SavedMatching(status={self.status}, pairs={len(self.pairs)}, unmatched={len(self.unmatched)}, "
            f"objective={self.objective}, cohort_sha256={self.cohort_sha256[:12]}...)"
        )


# --------------------------------------------------------------------------- hashes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def cohort_csv_bytes(cohort: Cohort) -> bytes:
    """The cohort as canonical CSV: what :func:`cohort_sha256` hashes."""

    frame = cohort_to_pandas(cohort)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([str(c) for c in frame.columns])
    writer.writerows(frame.itertuples(index=False, name=None))
    return buffer.getvalue().encode("utf-8")


def cohort_sha256(cohort: Cohort) -> str:
    """SHA-256 (hex) of the cohort's canonical CSV; equal cohorts have equal hashes."""
    return _sha256(cohort_csv_bytes(cohort))


def _plain(value: Any) -> Any:
    """A rule's value as JSON: weights as a mapping, sets as sorted lists, tuples as lists."""
    if isinstance(value, (Weights, Share, GroupMix, Floor)):  # balance rules as their rules-file tables
        return value.as_dict()
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # a numpy scalar
        return value.item()
    return value


def programme_fields(programme: Programme) -> dict[str, Any]:
    """Every rule of the programme as JSON-ready values, in field order.

    A rule given as a function (``organisation_key``) is refused: its name would
    neither reload the rule nor tell whether it still decides the same, so a
    saved matching could not be checked against it.
    """
    functions = [f.name for f in dataclasses.fields(programme) if callable(getattr(programme, f.name))]
    if functions:
        raise ValidationError([Problem(
            "is a function, which cannot be saved with a matching (it could not be reloaded or checked later); "
            "use a named key ('exact', 'prefix', 'email_domain'), or write what the function returns into the "
            "organisation column and use organisation_key='exact'", field=name) for name in functions],
            what="programme")
    return {f.name: _plain(getattr(programme, f.name)) for f in dataclasses.fields(programme)}


#: Rules added after format version 1, with the value that behaves as before they existed.
_LATER_RULES: dict[str, Any] = {"organisation_key": "exact", "meeting": "soft", "keep_pairs": [], "history": [], "repeat": "forbid",
                                 "cooldown": None, "balance": []}
_LATER_RULES["availability"] = "ignore"  # participants' availability (issue 20), ignored before it existed
_LATER_RULES["stability_delta"] = None  # no rule against blocking pairs (issue 20) before it existed


def programme_sha256(programme: Programme) -> str:
    """SHA-256 (hex) of every rule as canonical JSON; equal programmes have equal hashes.

    A rule added to :class:`Programme` later is hashed only when it differs from
    the value that behaves as before it existed, so a result saved earlier still
    verifies against the same rules.
    """
    return _sha256(_canonical_json(_saved_rules(programme)))


def _saved_rules(programme: Programme) -> dict[str, Any]:
    """The rules as a saved file holds them: every field, less a later rule at its earlier behaviour.

    So a file written before that rule existed is, once read, the same JSON as one written now.
    """
    rules = {k: v for k, v in programme_fields(programme).items() if _LATER_RULES.get(k, object()) != v}
    if isinstance(rules.get("weights"), dict):
        rules["weights"] = {k: v for k, v in rules["weights"].items() if _LATER_WEIGHTS.get(k, object()) != v}
    return rules


#: Score weights added after format version 2, at the value that behaves as before they existed: the part
#: is 0 on every pair of a programme without history (``repeat``) or that ignores availability, whatever its weight.
_LATER_WEIGHTS: dict[str, Any] = {"repeat": 0.30, "availability": 0.10}


# --------------------------------------------------------------------------- frames as JSON


def _frame_json(frame: pd.DataFrame) -> dict[str, Any]:
    columns = [str(c) for c in frame.columns]
    dtypes = [str(frame[c].dtype) for c in frame.columns]
    values = []
    for c in frame.columns:
        column = frame[c].tolist()
        values.append([None if isinstance(v, float) and math.isnan(v) else _plain(v) for v in column])
    rows = [list(row) for row in zip(*values)] if values else []
    return {"columns": columns, "dtypes": dtypes, "rows": rows}


def _frame_from_json(data: Any, name: str, problems: list[Problem]) -> pd.DataFrame:
    ok = (
        isinstance(data, dict)
        and isinstance(data.get("columns"), list)
        and isinstance(data.get("dtypes"), list)
        and isinstance(data.get("rows"), list)
        and len(data["columns"]) == len(data["dtypes"])
        and all(isinstance(r, list) and len(r) == len(data["columns"]) for r in data["rows"])
    )
    if not ok:
        problems.append(Problem("must be an object with 'columns', 'dtypes' and 'rows' of equal width", field=name))
        return pd.DataFrame()
    frame = pd.DataFrame(data["rows"], columns=data["columns"])
    for column, dtype in zip(data["columns"], data["dtypes"]):
        if dtype in _NUMERIC_DTYPES:
            try:
                frame[column] = frame[column].astype(dtype)
            except (TypeError, ValueError):
                problems.append(Problem(f"column {column!r} does not hold {dtype} values", field=name))
        elif len(frame) == 0:
            frame[column] = frame[column].astype(object)
    return frame


# --------------------------------------------------------------------------- save and load


def _result_fields(record: MatchingRecord, programme: Programme, *, cohort_hash: str,
                   programme_hash: str, without: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """What ``result_sha256`` covers, as JSON values (leaving out the ``without`` columns of each table)."""
    without = without or {}
    return {
        "cohort_sha256": cohort_hash,
        "programme_sha256": programme_hash,
        "status": str(getattr(record.status, "value", record.status)),
        "objective": _number(record.objective),
        "bound": _number(record.bound),
        "gap": _number(record.gap),
        "conflicts": [str(c) for c in record.conflicts],
        "relaxation": [str(r) for r in getattr(record, "relaxation", ())],
        "encoder_id": str(record.encoder_id),
        "programme": _saved_rules(programme),
        "pairs": _frame_json(record.pairs.drop(columns=list(without.get("pairs", ())))),
        "unmatched": _frame_json(record.unmatched.drop(columns=list(without.get("unmatched", ())))),
    }


def _number(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def save_matching(matching: Any, path: str | os.PathLike[str], *, cohort: Cohort | None = None) -> Path:
    """Write a matching as JSON with content hashes of its cohort and rules.

    Parameters
    ----------
    matching
        A :class:`mentorpair.Matching` (or a :class:`SavedMatching`).
    path
        The file to create or replace. It is written to a temporary file first
        and renamed into place, so an interrupted save never leaves half a file.
    cohort
        The cohort matched. Needed only when the matching does not carry one
        (the low-level ``assign`` and ``pair_peers``, or a re-saved SavedMatching).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    cohort = cohort if cohort is not None else getattr(matching, "_cohort", None)
    if cohort is None:
        raise ValidationError(
            [Problem("this matching carries no cohort; pass the cohort it was made from as cohort=", field="cohort")],
            what="arguments",
        )
    programme = matching.programme
    if programme is None:
        raise ValidationError(
            [Problem("this matching was made from caller-given scores (assign / pair_peers) and has no rules to "
                     "save with it", field="programme")],
            what="arguments",
        )
    body = _result_fields(matching, programme, cohort_hash=cohort_sha256(cohort),
                          programme_hash=programme_sha256(programme))

    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "mentorpair_version": __version__,
        "result_sha256": _sha256(_canonical_json(body)),
        **body,
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="\n", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return target


_REQUIRED_KEYS = {
    "cohort_sha256": str,
    "programme_sha256": str,
    "result_sha256": str,
    "status": str,
    "encoder_id": str,
    "conflicts": list,
    "programme": dict,
    "pairs": dict,
    "unmatched": dict,
}


def load_matching(path: str | os.PathLike[str]) -> SavedMatching:
    """Read a matching written by :func:`save_matching`.

    Raises
    ------
    ValidationError
        Listing every problem when the file is not a saved matching (not JSON,
        another format, a newer format version, missing or malformed fields).
        A file whose content was edited still loads; :func:`verify_saved` says so.
    """
    problems: list[Problem] = []

    def fail(message: str, name: str | None = None) -> ValidationError:
        return ValidationError([Problem(message, field=name)], what="saved matching")

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise fail(f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise fail(f"is not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise fail(f"is not a saved mentorpair matching (no \"format\": \"{FORMAT}\")", "format")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(f"must be a positive integer, got {version!r}", "format_version")
    if version > FORMAT_VERSION:
        raise fail(
            f"is {version}, written by a newer mentorpair; this one reads format version {FORMAT_VERSION}",
            "format_version",
        )
    for key, kind in _REQUIRED_KEYS.items():
        if not isinstance(data.get(key), kind):
            problems.append(Problem(f"is missing or not a {kind.__name__}", field=key))
    for key in ("objective", "bound", "gap"):
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            problems.append(Problem(f"must be a number or null, got {value!r}", field=key))
    if problems:
        raise ValidationError(problems, what="saved matching")
    try:
        status = Status(data["status"])
    except ValueError:
        problems.append(Problem(f"must be one of {[s.value for s in Status]}, got {data['status']!r}", field="status"))
        status = Status.UNKNOWN
    programme = _programme_from_json(data["programme"], problems)
    pairs = _frame_from_json(data["pairs"], "pairs", problems)
    unmatched = _frame_from_json(data["unmatched"], "unmatched", problems)
    if problems:
        raise ValidationError(problems, what="saved matching")
    assert programme is not None
    filled = {name: added for name, added in (
        ("pairs", _fill_contacts(pairs, PAIR_CONTACT_COLUMNS, after="mentee_id")
                  + _fill_part(pairs, "repeat", after="same_organisation")
                  + _fill_part(pairs, "availability", after="repeat")),
        ("unmatched", _fill_contacts(unmatched, UNMATCHED_CONTACT_COLUMNS, after="participant_id"))) if added}
    return SavedMatching(
        pairs=pairs,
        unmatched=unmatched,
        status=status,
        objective=_loaded_number(data.get("objective")),
        bound=_loaded_number(data.get("bound")),
        gap=_loaded_number(data.get("gap")),
        conflicts=tuple(str(c) for c in data["conflicts"]),
        relaxation=tuple(str(r) for r in data.get("relaxation", [])),
        encoder_id=data["encoder_id"],
        programme=programme,
        cohort_sha256=data["cohort_sha256"],
        programme_sha256=data["programme_sha256"],
        result_sha256=data["result_sha256"],
        mentorpair_version=str(data.get("mentorpair_version", "")),
        _filled=filled,
    )


def _fill_contacts(frame: pd.DataFrame, columns: tuple[str, ...], *, after: str) -> tuple[str, ...]:
    """Add the missing ``columns`` to ``frame`` as empty text, in their place after ``after``; return them."""
    missing = tuple(c for c in columns if c not in frame.columns)
    names = [str(c) for c in frame.columns]
    position = names.index(after) + 1 if after in names else len(names)
    for column in columns:
        if column in missing:
            # Typed as a loaded text column is: inferred, and object when there are no rows.
            empty = pd.Series([""] * len(frame), index=frame.index)
            frame.insert(position, column, empty if len(frame) else empty.astype(object))
        names = [str(c) for c in frame.columns]
        if column in names:
            position = names.index(column) + 1
    return missing


def _fill_part(frame: pd.DataFrame, part: str, *, after: str) -> tuple[str, ...]:
    """A file written before score part ``part`` existed has no column for it: add it as 0, after ``after``
    (``repeat``: a pair of an earlier round, after ``same_organisation``; ``availability``, ignored then,
    after ``repeat``). Nothing when the column is there, or the file has no score parts at all."""
    names = [str(c) for c in frame.columns]
    if part in names or after not in names:
        return ()
    frame.insert(names.index(after) + 1, part, pd.Series([0.0] * len(frame), index=frame.index, dtype=float))
    return (part,)


def _loaded_number(value: Any) -> float | None:
    return None if value is None else float(value)


def _programme_from_json(data: dict[str, Any], problems: list[Problem]) -> Programme | None:
    known = {f.name for f in dataclasses.fields(Programme)}
    unknown = sorted(set(data) - known)
    if unknown:
        problems.extend(Problem("is not a rule this mentorpair knows", field=f"programme.{k}") for k in unknown)
        return None
    values = {k: _tuples(v) for k, v in data.items()}
    try:
        return Programme(**values)
    except ValidationError as exc:
        problems.extend(
            Problem(p.message, row=p.row, participant=p.participant, field=f"programme.{p.field}" if p.field else None)
            for p in exc.problems
        )
    except TypeError as exc:
        problems.append(Problem(f"cannot be read: {exc}", field="programme"))
    return None


def _tuples(value: Any) -> Any:
    """JSON lists back as tuples (the rules' own types); mappings (weights) stay mappings."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


# --------------------------------------------------------------------------- verify


def verify_saved(saved: SavedMatching, cohort: Cohort, programme: Programme) -> list[str]:
    """Everything that keeps ``saved`` from being this cohort's matching under these rules.

    Checks that the saved result was not edited after saving, that the cohort
    and the rules hash to what was saved, and re-validates every pair and the
    unmatched list with :func:`mentorpair.validate.validate`.

    Returns
    -------
    list[str]
        Empty when the saved matching provably came from this cohort and these
        rules and obeys every hard rule; otherwise one sentence per finding.
    """
    out: list[str] = []
    body = _result_fields(saved, saved.programme, cohort_hash=saved.cohort_sha256,
                          programme_hash=saved.programme_sha256, without=saved._filled)
    if _sha256(_canonical_json(body)) != saved.result_sha256:
        out.append("the saved file was changed after it was written: its content no longer matches its result_sha256")
    now = cohort_sha256(cohort)
    if now != saved.cohort_sha256:
        out.append(
            f"the cohort is not the one this matching was made from: its sha256 is {now[:16]}..., "
            f"the saved one {saved.cohort_sha256[:16]}..."
        )
    rules_now = programme_sha256(programme)
    if rules_now != saved.programme_sha256:
        was, is_ = programme_fields(saved.programme), programme_fields(programme)
        changed = [f"{k} is {is_[k]!r} here but was {was.get(k)!r}" for k in is_ if is_[k] != was.get(k)]
        detail = f" ({'; '.join(changed)})" if changed else ""
        out.append(f"the rules differ from those this matching was made with{detail}")

    out.extend(validate(saved, cohort, programme))
    return out
