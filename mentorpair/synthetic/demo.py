"""The bundled 60-person demo cohort: one fixed synthetic frame, shipped as ``mentorpair/data/demo_cohort.csv``.

``python -m mentorpair.synthetic`` regenerates the file; a test checks that
the bundled file still equals a fresh one.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..io import read_csv  # io imports pandas; keep importing this module cheap
from .generator import synthetic_frame

if TYPE_CHECKING:
    from ..model.cohort import Cohort

__all__ = ["DEMO_SEED", "DEMO_SIZE", "demo_cohort", "write_demo_csv"]

DEMO_SIZE = 60
DEMO_SEED = 2026
_DEMO_FILE = "demo_cohort.csv"


def write_demo_csv(path: str | os.PathLike[str]) -> Path:
    """Write the demo cohort (``synthetic_frame(60, seed=2026)``) as UTF-8 CSV.

    This is how ``mentorpair/data/demo_cohort.csv`` is made; a test checks the
    bundled file still equals a fresh one, so the two cannot drift apart.

    Parameters
    ----------
    path
        Where to write.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    target = Path(path)
    frame = synthetic_frame(DEMO_SIZE, seed=DEMO_SEED)
    # "\n" explicitly: the default follows the OS, which would make the bytes
    # depend on where the file was generated.
    frame.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
    return target


def demo_cohort() -> Cohort:
    """The bundled 60-person demo cohort, mixed Finnish and English.

    It contains mentors, mentees and a few peers, mentor–mentee colleagues in
    the same organisation, a named wish, an exclusion and a mentee who speaks
    only Swedish.

    Returns
    -------
    Cohort
        Read with :func:`mentorpair.io.read_csv` from the package data.

    Examples
    --------
    >>> len(demo_cohort())
    60
    """

    ref = resources.files("mentorpair") / "data" / _DEMO_FILE
    with resources.as_file(ref) as path:
        return read_csv(path)


def _bundled_demo_path() -> Path:
    """Where the bundled demo file lives in a source checkout (what ``python -m mentorpair.synthetic`` rewrites)."""
    return Path(__file__).resolve().parents[1] / "data" / _DEMO_FILE


def main() -> None:
    """Regenerate the bundled demo file."""
    written = write_demo_csv(_bundled_demo_path())
    print(f"wrote {written}")


if __name__ == "__main__":  # python -m mentorpair.synthetic.demo, as python -m mentorpair.synthetic
    main()
