"""The scoring tests' shared data. The jury and its cycle are in tests/conftest.py, shared with
the access matrix, the accounts and the browser tests."""

import pytest

from .helpers import (
    CANDIDATE_NUMBERS_BY_LETTER,
    HAND_SCORES,
    JUROR_NAMES,
    WEIGHTS,
    review,
    set_weights,
)


@pytest.fixture
def hand_in_db(jury, conflict):
    """The example computed by hand (test_score_math.py) in the database, on the fixtures' jury and
    candidates, cato (J4) in conflict with Oslo (A): (cycle, criteria, candidates by letter)."""
    cycle = jury.cycle
    criteria = set_weights(cycle, WEIGHTS)
    candidates = {
        letter: cycle.candidates.get(municipality__number=number)
        for letter, number in CANDIDATE_NUMBERS_BY_LETTER.items()
    }
    for juror, reviews in HAND_SCORES.items():
        member = jury.by_name[JUROR_NAMES[juror]]
        for letter, values in reviews.items():
            review(member, candidates[letter], values, criteria)
    return cycle, criteria, candidates
