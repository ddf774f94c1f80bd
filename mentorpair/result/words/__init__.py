"""The words of a matching, by job: pairs for the coordinator and for the participants, the unmatched, the rules.

:mod:`mentorpair.result.explain` gathers the names other modules use.
"""
