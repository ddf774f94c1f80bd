"""Free text into vectors and similarities: encoders, their cache, phrases, taxonomy, inference.

Encoders see texts, never participants; this layer imports only the model below it.
"""
