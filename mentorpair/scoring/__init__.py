"""Every allowed pair's named score parts and the hard rules that allow it.

Turns a cohort and rules into a score table (dense or block by block) and picks
the arcs the solver sees. Above text and the model; below solve.
"""
