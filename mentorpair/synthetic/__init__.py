"""Seeded synthetic cohorts in the shape of the Finnish source programmes, and the demo cohort."""

from .generator import demo_cohort, synthetic_cohort

__all__ = ["demo_cohort", "synthetic_cohort"]
