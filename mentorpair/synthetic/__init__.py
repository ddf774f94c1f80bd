"""Seeded synthetic cohorts in the shape of the Finnish source programmes, and the demo cohort."""

from .demo import demo_cohort
from .generator import synthetic_cohort

__all__ = ["demo_cohort", "synthetic_cohort"]
