"""The engines: CP-SAT for the joint model, network flows and the peer LP where a structure allows.

Engines work on plain arrays (who gives, who receives, integer score), never on
participants, so cohort matching and the low-level entry points share them.
Only :mod:`mentorpair.solve.cpsat` imports ``ortools.sat``.
"""
