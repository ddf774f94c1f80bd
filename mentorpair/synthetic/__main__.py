"""``python -m mentorpair.synthetic`` regenerates the bundled demo cohort (mentorpair/data/demo_cohort.csv)."""

from .demo import main

main()
