"""Nominations: the municipality register, awards, cycles, criteria, candidates and nominations.

Split in modules by subject; import models from here.
"""
