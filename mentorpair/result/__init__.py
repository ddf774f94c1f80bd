"""A solved matching and everything said about it: facts, words (fi/en), HTML, plots, files.

Reads what the solver decided; never imports the pipeline or re-solves.
"""
