"""The scoring tests' shared data. The jury and its cycle are in tests/conftest.py, shared with
the access matrix, the accounts and the browser tests."""

import pytest

from nominations.models import Answer

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
    # The example has five criteria: the secretariat has switched the later defaults off for
    # this cycle, as it may for any year (with the answers given to them).
    switched_off = cycle.criteria.filter(position__gt=len(WEIGHTS))
    Answer.objects.filter(criterion__in=switched_off).delete()
    switched_off.delete()
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
