"""The score math (scoring/score_math.py): an example computed by hand, ties and the tie-break,
conflicts, missing and reopened reviews, normalisation with a lenient juror, agreement, and the
same numbers read from the database in a constant number of queries.

No timing assertions: the query counts are what keeps it fast, and timings only make tests flaky.
"""

import math

import pandas as pd
import pytest
from django.utils import timezone, translation

from nominations.models import Candidate, Eligibility, Municipality
from scoring.models import Review, Score
from scoring.score_math import (
    DISAGREEMENT_RANGE,
    Agreement,
    ReviewState,
    agreement_reading,
    compute,
    compute_from_rows,
)

from ..factories import CANDIDATE_NUMBERS, add_candidates, make_cycle
from .helpers import HAND_SCORES, WEIGHTS, review

# --- Helpers -------------------------------------------------------------------------------------


def close(expected):
    return pytest.approx(expected, abs=1e-9, rel=0)


def score_rows(table: dict) -> pd.DataFrame:
    """{juror: {candidate: (score on criterion 1, 2, …)}} as the rows compute_from_rows reads."""
    return pd.DataFrame(
        [
            (juror, candidate, criterion, value)
            for juror, reviews in table.items()
            for candidate, values in reviews.items()
            for criterion, value in enumerate(values, start=1)
        ],
        columns=["juror", "candidate", "criterion", "value"],
    )


def results_of(table, weights=(1,), conflicts=(), jurors=None, names=None, scale=(1, 5)):
    """The results of a score table; candidates are named after their ids unless named."""
    jurors = list(table) if jurors is None else jurors
    names = names or {c: c for reviews in table.values() for c in reviews}
    candidates = pd.DataFrame({"municipality": names}).rename_axis("candidate_id")
    weights = pd.Series(weights, index=range(1, len(weights) + 1), dtype=float)
    return compute_from_rows(score_rows(table), weights, candidates, jurors, conflicts, scale)


def column(results, name) -> dict:
    return results.candidates[name].to_dict()


def ranks(results) -> dict:
    return {c: (None if pd.isna(r) else int(r)) for c, r in column(results, "rank").items()}


# --- 1. The example computed by hand -------------------------------------------------------------

HAND_CONFLICTS = [("J4", "A")]

# Weighted means, Σ wᵢ·sᵢ / 10:
#   J1: A (8+4+3+12+9)=36 → 3.6   B (6+2+3+9+12)=32 → 3.2   C (4+4+4+9+9)=30 → 3.0
#       D (6+2+2+9+9)=28 → 2.8    E (4+3+2+6+9)=24 → 2.4
#   J2: A (8+3+3+12+9)=35 → 3.5   B (8+5+4+12+12)=41 → 4.1  C (8+3+3+9+9)=32 → 3.2
#       D (4+3+4+6+6)=23 → 2.3    E (6+2+3+9+9)=29 → 2.9
#   J3: A (6+3+3+12+12)=36 → 3.6  B (6+3+3+9+9)=30 → 3.0   C (8+3+3+12+12)=38 → 3.8
#       D (4+2+2+9+9)=26 → 2.6    E (8+4+3+6+9)=30 → 3.0
#   J4: A in conflict             B (8+4+4+15+12)=43 → 4.3  C (10+4+5+15+15)=49 → 4.9
#       D (8+5+4+9+9)=35 → 3.5    E (8+5+4+12+12)=41 → 4.1
HAND_WEIGHTED = {
    "J1": {"A": 3.6, "B": 3.2, "C": 3.0, "D": 2.8, "E": 2.4},
    "J2": {"A": 3.5, "B": 4.1, "C": 3.2, "D": 2.3, "E": 2.9},
    "J3": {"A": 3.6, "B": 3.0, "C": 3.8, "D": 2.6, "E": 3.0},
    "J4": {"B": 4.3, "C": 4.9, "D": 3.5, "E": 4.1},
}

# Per candidate, over the jurors who count (population std: divide by n):
#   A: 3.6, 3.5, 3.6 → n 3, mean 10.7/3, median 3.6, deviations +0.1/3, −0.2/3, +0.1/3,
#      variance (0.01+0.04+0.01)/9/3 = 0.06/27, range 0.1; 1 conflict
#   B: 3.2, 4.1, 3.0, 4.3 → mean 14.6/4 = 3.65, median (3.2+4.1)/2 = 3.65,
#      deviations −0.45, +0.45, −0.65, +0.65 → variance 1.25/4 = 0.3125, range 1.3
#   C: 3.0, 3.2, 3.8, 4.9 → mean 14.9/4 = 3.725, median (3.2+3.8)/2 = 3.5,
#      deviations −0.725, −0.525, +0.075, +1.175 → variance 2.1875/4 = 0.546875, range 1.9
#   D: 2.8, 2.3, 2.6, 3.5 → mean 11.2/4 = 2.8, median (2.6+2.8)/2 = 2.7,
#      deviations 0, −0.5, −0.2, +0.7 → variance 0.78/4 = 0.195, range 1.2
#   E: 2.4, 2.9, 3.0, 4.1 → mean 12.4/4 = 3.1, median (2.9+3.0)/2 = 2.95,
#      deviations −0.7, −0.2, −0.1, +1.0 → variance 1.54/4 = 0.385, range 1.7
HAND_MEAN = {"A": 10.7 / 3, "B": 3.65, "C": 3.725, "D": 2.8, "E": 3.1}
HAND_MEDIAN = {"A": 3.6, "B": 3.65, "C": 3.5, "D": 2.7, "E": 2.95}
HAND_STD = {
    "A": math.sqrt(0.06 / 27),
    "B": math.sqrt(0.3125),
    "C": math.sqrt(0.546875),
    "D": math.sqrt(0.195),
    "E": math.sqrt(0.385),
}
HAND_RANGE = {"A": 0.1, "B": 1.3, "C": 1.9, "D": 1.2, "E": 1.7}

# Criterion means (raw scores, J4's scores for A left out):
#   A: c1 (4+4+3)/3, c2 (4+3+3)/3, c3 (3+3+3)/3, c4 (4+4+4)/3, c5 (3+3+4)/3
#   B: c1 (3+4+3+4)/4, c2 (2+5+3+4)/4, c3 (3+4+3+4)/4, c4 (3+4+3+5)/4, c5 (4+4+3+4)/4
#   C: c1 (2+4+4+5)/4, c2 (4+3+3+4)/4, c3 (4+3+3+5)/4, c4 (3+3+4+5)/4, c5 (3+3+4+5)/4
#   D: c1 (3+2+2+4)/4, c2 (2+3+2+5)/4, c3 (2+4+2+4)/4, c4 (3+2+3+3)/4, c5 (3+2+3+3)/4
#   E: c1 (2+3+4+4)/4, c2 (3+2+4+5)/4, c3 (2+3+3+4)/4, c4 (2+3+2+4)/4, c5 (3+3+3+4)/4
HAND_CRITERIA = {
    "A": [11 / 3, 10 / 3, 3.0, 4.0, 10 / 3],
    "B": [3.5, 3.5, 3.5, 3.75, 3.75],
    "C": [3.75, 3.5, 3.75, 3.75, 3.75],
    "D": [2.75, 3.0, 3.0, 2.75, 2.75],
    "E": [3.25, 3.5, 3.0, 2.75, 3.25],
}

# z-scores, each juror over the candidates they reviewed (population std):
#   J1: mean 15.0/5 = 3.0, deviations .6 .2 0 −.2 −.6, variance .8/5 = .16, std .4
#   J2: mean 16.0/5 = 3.2, deviations .3 .9 0 −.9 −.3, variance 1.8/5 = .36, std .6
#   J3: mean 16.0/5 = 3.2, deviations .4 −.2 .6 −.6 −.2, variance .96/5 = .192, std √.192
#   J4: mean 16.8/4 = 4.2, deviations .1 .7 −.7 −.1 (B C D E), variance 1.0/4 = .25, std .5
S3 = math.sqrt(0.192)
HAND_Z = {
    "J1": {"A": 1.5, "B": 0.5, "C": 0.0, "D": -0.5, "E": -1.5},
    "J2": {"A": 0.5, "B": 1.5, "C": 0.0, "D": -1.5, "E": -0.5},
    "J3": {"A": 0.4 / S3, "B": -0.2 / S3, "C": 0.6 / S3, "D": -0.6 / S3, "E": -0.2 / S3},
    "J4": {"B": 0.2, "C": 1.4, "D": -1.4, "E": -0.2},
}
# Normalised: the mean of the candidate's z-scores.
HAND_NORMALISED = {
    "A": (1.5 + 0.5 + 0.4 / S3) / 3,  # ≈ 0.971
    "B": (0.5 + 1.5 - 0.2 / S3 + 0.2) / 4,  # ≈ 0.436
    "C": (0.0 + 0.0 + 0.6 / S3 + 1.4) / 4,  # ≈ 0.692
    "D": (-0.5 - 1.5 - 0.6 / S3 - 1.4) / 4,  # ≈ −1.192
    "E": (-1.5 - 0.5 - 0.2 / S3 - 0.2) / 4,  # ≈ −0.664
}
# Rescaled: grand mean of the 19 counted weighted means, (15.0+16.0+16.0+16.8)/19 = 63.8/19;
# pooled within-juror std √((.8 + 1.8 + .96 + 1.0)/19) = √(4.56/19) = √.24; all within 1–5.
HAND_GRAND_MEAN = 63.8 / 19
HAND_POOLED_STD = math.sqrt(0.24)
HAND_SCALED = {c: 63.8 / 19 + n * math.sqrt(0.24) for c, n in HAND_NORMALISED.items()}
# Highest weighted mean of each juror: J1 A (3.6), J2 B (4.1), J3 C (3.8), J4 C (4.9).
HAND_FIRST_PLACES = {"A": 1, "B": 1, "C": 2, "D": 0, "E": 0}
# By normalised: A .971, C .692, B .436, E −.664, D −1.192. (By the plain mean A would be
# third: it lacks the lenient juror's score.)
HAND_RANKS = {"A": 1, "C": 2, "B": 3, "E": 4, "D": 5}
# Kendall's W over B, C, D, E (A drops out: J4 is in conflict). Ranks, 1 = highest:
#   J1: B 1, C 2, D 3, E 4     J2: B 1, C 2, E 3, D 4
#   J3: C 1, B 2.5, E 2.5, D 4 (B and E tie at 3.0)     J4: C 1, B 2, E 3, D 4
# Rank sums B 6.5, C 6, D 15, E 12.5; their mean m(n+1)/2 = 4·5/2 = 10;
# S = 3.5² + 4² + 5² + 2.5² = 59.5; ties T = 2³ − 2 = 6;
# W = 12·S / (m²(n³ − n) − m·T) = 714 / (16·60 − 4·6) = 714/936 ≈ 0.763: strong.
HAND_W = 714 / 936


@pytest.fixture
def hand():
    return results_of(HAND_SCORES, WEIGHTS, HAND_CONFLICTS)


def test_the_hand_computed_example_weighted_means_and_spread(hand):
    for juror, row in HAND_WEIGHTED.items():
        assert hand.jurors.loc[juror, list(row)].to_dict() == close(row)
    assert math.isnan(hand.jurors.loc["J4", "A"])
    assert column(hand, "reviews") == {"A": 3, "C": 4, "B": 4, "E": 4, "D": 4}
    assert column(hand, "conflicts") == {"A": 1, "C": 0, "B": 0, "E": 0, "D": 0}
    assert column(hand, "missing") == dict.fromkeys("ACBED", 0)
    assert column(hand, "mean") == close(HAND_MEAN)
    assert column(hand, "median") == close(HAND_MEDIAN)
    assert column(hand, "std") == close(HAND_STD)
    assert column(hand, "range") == close(HAND_RANGE)
    assert column(hand, "disagreement") == {c: HAND_RANGE[c] >= 1.5 for c in "ACBED"}
    for candidate, means in HAND_CRITERIA.items():
        assert hand.criteria.loc[candidate].tolist() == close(means)
    assert hand.criteria.columns.tolist() == [1, 2, 3, 4, 5]
    assert hand.criteria_weights.tolist() == [2.0, 1.0, 1.0, 3.0, 3.0]


def test_the_hand_computed_example_normalisation_agreement_and_rank(hand):
    for juror, row in HAND_Z.items():
        assert hand.zscores.loc[juror, list(row)].to_dict() == close(row)
    assert math.isnan(hand.zscores.loc["J4", "A"])
    assert column(hand, "normalised") == close(HAND_NORMALISED)
    assert hand.grand_mean == close(HAND_GRAND_MEAN)
    assert hand.pooled_std == close(HAND_POOLED_STD)
    assert column(hand, "normalised_scaled") == close(HAND_SCALED)
    assert column(hand, "first_places") == HAND_FIRST_PLACES
    assert ranks(hand) == HAND_RANKS
    assert list(hand.candidates.index) == ["A", "C", "B", "E", "D"]
    assert not hand.candidates["tied"].any()
    assert hand.kendall_w == close(HAND_W)
    assert (hand.agreement_jurors, hand.agreement_candidates) == (4, 4)
    assert hand.agreement == Agreement.STRONG
    assert (hand.scale_min, hand.scale_max) == (1, 5)


def test_every_frame_follows_the_ranking(hand):
    order = ["A", "C", "B", "E", "D"]
    assert list(hand.criteria.index) == order
    assert list(hand.jurors.columns) == order
    assert list(hand.juror_status.columns) == order
    assert list(hand.zscores.columns) == order
    assert list(hand.jurors.index) == ["J1", "J2", "J3", "J4"]


# --- 2. Ties and the tie-break -------------------------------------------------------------------


def test_the_mean_breaks_a_tie_in_the_normalised_score():
    # Two jurors who never review the same candidate: each one's top candidate has z = +1, but
    # the lenient J2's top has the higher mean.
    results = results_of({"J1": {"X": (3,), "W": (1,)}, "J2": {"Y": (5,), "V": (3,)}})
    assert column(results, "normalised") == close({"Y": 1, "X": 1, "V": -1, "W": -1})
    assert ranks(results) == {"Y": 1, "X": 2, "V": 3, "W": 4}


def test_the_median_breaks_a_tie_in_the_mean():
    # Every juror reviews two candidates, so z = ±1. X and Y are each the top of three jurors
    # (normalised 1, three first places) with mean 3; X's median is 3, Y's 2.
    table = {f"J{i}": {"X": (3,), "L1": (1,)} for i in (1, 2, 3)}
    table |= {"J4": {"Y": (2,), "L2": (1,)}, "J5": {"Y": (2,), "L2": (1,)}}
    table |= {"J6": {"Y": (5,), "L2": (1,)}}
    results = results_of(table)
    assert column(results, "mean")["X"] == column(results, "mean")["Y"] == close(3)
    assert column(results, "median")["X"] == 3
    assert column(results, "median")["Y"] == 2
    assert ranks(results)["X"] == 1
    assert ranks(results)["Y"] == 2


def test_first_places_break_a_tie_in_the_median():
    # J1 reviewed only X: z = 0, and X is J1's first place. J2 put Y in the middle: z = 0, not
    # first. Normalised 0, mean 3 and median 3 for both.
    results = results_of({"J1": {"X": (3,)}, "J2": {"M": (5,), "Y": (3,), "N": (1,)}})
    assert column(results, "normalised")["X"] == column(results, "normalised")["Y"] == 0
    assert column(results, "first_places")["X"] == 1
    assert column(results, "first_places")["Y"] == 0
    assert ranks(results) == {"M": 1, "X": 2, "Y": 3, "N": 4}


def test_candidates_equal_on_every_key_share_a_rank_and_are_listed_by_name():
    # Å comes after Ø in Norwegian (Unicode has it the other way round).
    names = {"top": "Bø", "aa": "Åsnes", "oe": "Ørland", "low": "Aurland"}
    results = results_of({"J1": {"aa": (4,), "top": (5,), "oe": (4,), "low": (2,)}}, names=names)
    assert list(results.candidates.index) == ["top", "oe", "aa", "low"]
    assert ranks(results) == {"top": 1, "oe": 2, "aa": 2, "low": 4}
    assert column(results, "tied") == {"top": False, "oe": True, "aa": True, "low": False}


def test_float_noise_does_not_break_a_tie():
    # With weights .1, .2, .7 both score 1.8 exactly, but (1, 5, 1) sums to 1.8 in floating
    # point and (2, 1, 2) to 1.7999999999999998.
    table = {"J1": {"X": (1, 5, 1), "Y": (2, 1, 2), "Z": (5, 5, 5)}}
    results = results_of(table, weights=(0.1, 0.2, 0.7), names={"X": "B", "Y": "A", "Z": "C"})
    assert ranks(results) == {"Z": 1, "Y": 2, "X": 2}
    assert list(results.candidates.index) == ["Z", "Y", "X"]


def test_candidates_without_a_done_review_come_last_unranked():
    results = results_of(
        {"J1": {"X": (2,), "Y": (4,)}}, names={"X": "X", "Y": "Y", "B": "Bø", "A": "Alta"}
    )
    assert ranks(results) == {"Y": 1, "X": 2, "A": None, "B": None}
    assert list(results.candidates.index) == ["Y", "X", "A", "B"]
    assert column(results, "missing") == {"Y": 0, "X": 0, "A": 1, "B": 1}
    assert not results.candidates.loc[["A", "B"], "tied"].any()
    assert results.candidates.loc[["A", "B"], "normalised"].isna().all()
    assert list(results.ranked.index) == ["Y", "X"]


# --- 3. Conflicts, missing and reopened reviews -------------------------------------------------


def test_a_conflict_is_not_a_missing_review():
    table = {
        "J1": {"X": (4,), "Y": (2,)},
        "J2": {"X": (5,), "Y": (1,)},  # J2's X counts for nothing: a conflict declared after
        "J3": {"Y": (3,)},  # J3 has not done X
    }
    results = results_of(table, conflicts=[("J2", "X")], jurors=["J1", "J2", "J3"])
    assert column(results, "reviews") == {"X": 1, "Y": 3}
    assert column(results, "conflicts") == {"X": 1, "Y": 0}
    assert column(results, "missing") == {"X": 1, "Y": 0}
    assert column(results, "mean") == close({"X": 4, "Y": 2})
    assert results.juror_status.to_dict() == {
        "X": {"J1": ReviewState.DONE, "J2": ReviewState.CONFLICT, "J3": ReviewState.MISSING},
        "Y": dict.fromkeys(["J1", "J2", "J3"], ReviewState.DONE),
    }
    # Reviews, conflicts and missing reviews account for every juror.
    counts = results.candidates[["reviews", "conflicts", "missing"]].sum(axis=1)
    assert counts.tolist() == [3, 3]


def test_a_juror_without_any_review_counts_as_missing_everywhere():
    results = results_of({"J1": {"X": (4,), "Y": (2,)}}, jurors=["J1", "J2"])
    assert column(results, "missing") == {"X": 1, "Y": 1}
    assert results.jurors.loc["J2"].isna().all()
    assert results.kendall_w is None  # J2 reviewed nothing: no candidate every juror reviewed


def test_only_the_criteria_with_scores_are_weighted():
    # A criterion added after the review was done has no score: the others are weighted alone.
    rows = score_rows({"J1": {"X": (4, 2)}})
    weights = pd.Series([1.0, 3.0, 5.0], index=[1, 2, 3])
    candidates = pd.DataFrame({"municipality": {"X": "X"}})
    results = compute_from_rows(rows, weights, candidates, ["J1"])
    assert results.jurors.loc["J1", "X"] == close((1 * 4 + 3 * 2) / 4)


def test_a_criterion_of_weight_zero_is_shown_but_weighs_nothing():
    results = results_of({"J1": {"X": (4, 2)}, "J2": {"X": (2, 5)}}, weights=(1, 0))
    assert column(results, "mean") == close({"X": 3})
    assert results.criteria.loc["X"].tolist() == close([3, 3.5])


def test_all_weights_zero_weigh_every_criterion_the_same():
    rows = score_rows({"J1": {"X": (4, 2)}})
    candidates = pd.DataFrame({"municipality": {"X": "X"}})
    results = compute_from_rows(rows, pd.Series([0.0, 0.0], index=[1, 2]), candidates, ["J1"])
    assert results.jurors.loc["J1", "X"] == close(3)


# --- 4. Normalisation ----------------------------------------------------------------------------

BASE = {
    "J1": {"P": (4, 3), "Q": (2, 2), "R": (3, 1), "S": (1, 2)},
    "J2": {"P": (3, 3), "Q": (3, 4), "R": (2, 2), "S": (1, 1)},
    "J3": {"P": (4, 4), "Q": (2, 3), "R": (1, 1), "S": (3, 2)},
}


def test_a_lenient_juror_weighs_the_same_as_without_the_offset():
    lenient = BASE | {"J3": {c: tuple(s + 1 for s in v) for c, v in BASE["J3"].items()}}
    before, after = results_of(BASE, (1, 2)), results_of(lenient, (1, 2))
    assert after.jurors.loc["J3"].tolist() == close((before.jurors.loc["J3"] + 1).tolist())
    for juror in BASE:
        assert after.zscores.loc[juror].tolist() == close(before.zscores.loc[juror].tolist())
    assert column(after, "normalised") == close(column(before, "normalised"))
    assert ranks(after) == ranks(before)
    # The points the reader relates to move with the jury's level only: J3 gave 4 of the 12
    # counted scores, so the grand mean rises by 4/12, and the spread within jurors is unchanged.
    assert after.grand_mean == close(before.grand_mean + 4 / 12)
    assert after.pooled_std == close(before.pooled_std)
    shifted = {c: v + 4 / 12 for c, v in column(before, "normalised_scaled").items()}
    assert column(after, "normalised_scaled") == close(shifted)


def test_a_juror_who_gives_everyone_the_same_score_or_reviews_one_has_z_zero():
    table = {
        "J1": {"P": (4,), "Q": (2,), "R": (3,)},
        "flat": {"P": (3,), "Q": (3,), "R": (3,)},
        "once": {"Q": (5,)},
    }
    results = results_of(table)
    assert results.zscores.loc["flat"].tolist() == [0, 0, 0]
    assert results.zscores.loc["once", "Q"] == 0
    assert math.isnan(results.zscores.loc["once", "P"])
    # Only J1 orders the candidates: √(2/3) is J1's std.
    assert column(results, "normalised") == close(
        {"P": (1 / math.sqrt(2 / 3)) / 2, "R": 0, "Q": (-1 / math.sqrt(2 / 3)) / 3}
    )


def test_the_rescaled_score_stays_on_the_scale():
    # J1 puts X far above the rest; J2's spread makes the pooled std larger than J1's.
    table = {
        "J1": {"X": (5,)} | {f"o{i}": (1,) for i in range(8)},
        "J2": {"o0": (1,), "o1": (5,), "o2": (1,), "o3": (5,)},
    }
    results = results_of(table)
    x = results.candidates.loc["X"]
    assert results.grand_mean + x["normalised"] * results.pooled_std > 5
    assert x["normalised_scaled"] == 5


# --- 5. Agreement --------------------------------------------------------------------------------


def test_perfect_agreement_is_one():
    table = {j: {"P": (5,), "Q": (4,), "R": (2,)} for j in ("J1", "J2", "J3")}
    results = results_of(table)
    assert results.kendall_w == close(1)
    assert results.agreement == Agreement.VERY_STRONG


def test_two_jurors_in_reverse_order_agree_not_at_all():
    results = results_of(
        {"J1": {"P": (5,), "Q": (3,), "R": (1,)}, "J2": {"P": (1,), "Q": (3,), "R": (5,)}}
    )
    assert results.kendall_w == close(0)
    assert results.agreement == Agreement.VERY_WEAK


def test_ties_are_corrected_for():
    # J1: P 1, Q 2.5, R 2.5 (Q and R tie); J2: P 1, Q 2, R 3 (ranks from the top).
    # Rank sums P 2, Q 4.5, R 5.5; mean m(n+1)/2 = 4; S = 4 + 0.25 + 2.25 = 6.5;
    # T = 2³ − 2 = 6; W = 12·6.5 / (4·24 − 2·6) = 78/84.
    results = results_of(
        {"J1": {"P": (5,), "Q": (3,), "R": (3,)}, "J2": {"P": (5,), "Q": (4,), "R": (2,)}}
    )
    assert results.kendall_w == close(78 / 84)


def test_agreement_is_measured_over_the_candidates_every_juror_reviewed():
    table = {
        "J1": {"P": (5,), "Q": (3,), "R": (1,), "S": (4,)},
        "J2": {"P": (4,), "Q": (3,), "R": (2,)},  # S: in conflict
        "J3": {"P": (5,), "Q": (2,), "R": (1,), "T": (5,)},  # J1 and J2 have not done T
    }
    results = results_of(table, conflicts=[("J2", "S")])
    assert (results.agreement_jurors, results.agreement_candidates) == (3, 3)
    assert results.kendall_w == close(1)


@pytest.mark.parametrize(
    "table",
    [
        {"J1": {"P": (5,), "Q": (3,)}},  # one juror
        {"J1": {"P": (5,), "Q": (3,)}, "J2": {"P": (4,)}},  # one candidate in common
        {"J1": {"P": (3,), "Q": (3,)}, "J2": {"P": (2,), "Q": (2,)}},  # nobody orders anything
    ],
)
def test_agreement_is_not_measured_without_two_jurors_ordering_two_candidates(table):
    results = results_of(table)
    assert results.kendall_w is None
    assert results.agreement is None
    with translation.override("en"):
        assert str(results.agreement_text).startswith("Too few")


@pytest.mark.parametrize(
    ("w", "reading"),
    [
        (0.0, Agreement.VERY_WEAK),
        (0.19, Agreement.VERY_WEAK),
        (0.2, Agreement.WEAK),
        (0.4, Agreement.MODERATE),
        (0.59, Agreement.MODERATE),
        (0.6, Agreement.STRONG),
        (0.8, Agreement.VERY_STRONG),
        (1.0, Agreement.VERY_STRONG),
    ],
)
def test_the_reading_of_w(w, reading):
    assert agreement_reading(w) == reading


def test_the_reading_is_in_norwegian(hand):
    with translation.override("nb"):
        assert str(hand.agreement_text) == "Sterk enighet"
    with translation.override("en"):
        assert str(hand.agreement_text) == "Strong agreement"


def test_the_disagreement_rule_is_a_range_of_one_and_a_half_points():
    assert DISAGREEMENT_RANGE == 1.5
    # P: 2.6 and 4.1, which floating point puts 1.4999999999999996 apart; Q: 2.7 and 4.1.
    table = {
        "J1": {"P": (2, 2, 2, 3, 3), "Q": (2, 2, 3, 3, 3)},
        "J2": {"P": (4, 5, 4, 4, 4), "Q": (4, 5, 4, 4, 4)},
    }
    results = results_of(table, WEIGHTS)
    assert column(results, "range") == close({"P": 1.5, "Q": 1.4})
    assert column(results, "disagreement") == {"P": True, "Q": False}


# --- 6. The database -----------------------------------------------------------------------------


def test_compute_reads_the_same_numbers_as_the_rows_give(hand_in_db, jury):
    cycle, criteria, candidates = hand_in_db
    from_db = compute(cycle)
    by_letter = {c.pk: letter for letter, c in candidates.items()}
    table = from_db.candidates.rename(index=by_letter)
    expected = results_of(HAND_SCORES, WEIGHTS, HAND_CONFLICTS).candidates
    numbers = ["reviews", "conflicts", "missing", "mean", "median", "std", "range"]
    numbers += ["normalised", "normalised_scaled", "first_places", "rank", "tied", "disagreement"]
    pd.testing.assert_frame_equal(
        table[numbers], expected[numbers], check_exact=False, atol=1e-12, rtol=0
    )
    assert table.loc["A", "municipality"] == "Oslo"
    assert table.loc["A", "number"] == "0301"
    assert from_db.kendall_w == close(HAND_W)
    assert from_db.criteria_weights.tolist() == list(map(float, WEIGHTS))
    assert from_db.criteria.columns.tolist() == [c.pk for c in criteria]
    assert (from_db.scale_min, from_db.scale_max) == (1, 5)
    cato = jury.by_name["cato"].pk
    assert from_db.juror_status.loc[cato, candidates["A"].pk] == ReviewState.CONFLICT


def test_a_reopened_review_and_a_lifted_conflict(hand_in_db, jury, conflict):
    cycle, _criteria, candidates = hand_in_db
    Review.objects.filter(member=jury.by_name["leder"], candidate=candidates["B"]).update(
        done_at=None
    )
    conflict.lifted_at = timezone.now()
    conflict.lifted_by = conflict.declared_by
    conflict.save()
    results = compute(cycle).candidates.rename(
        index={c.pk: letter for letter, c in candidates.items()}
    )
    # B lost J1's 3.2; A gained J4's 5.0 (the review cato had done before the conflict).
    assert results.loc["B", ["reviews", "missing"]].tolist() == [3, 1]
    assert results.loc["B", "mean"] == close((4.1 + 3.0 + 4.3) / 3)
    assert results.loc["A", ["reviews", "conflicts"]].tolist() == [4, 0]
    assert results.loc["A", "mean"] == close((3.6 + 3.5 + 3.6 + 5.0) / 4)


def test_only_eligible_candidates_and_this_cycles_jury_count(hand_in_db, jury, other_juror):
    cycle, criteria, candidates = hand_in_db
    Candidate.objects.filter(pk=candidates["E"].pk).update(eligibility=Eligibility.INELIGIBLE)
    # A juror of another cycle's jury cannot have a say here, even with a review in the data.
    review(other_juror, candidates["B"], (5, 5, 5, 5, 5), criteria)
    results = compute(cycle)
    assert set(results.candidates.index) == {candidates[c].pk for c in "ABCD"}
    assert other_juror.pk not in results.jurors.index
    assert results.candidates.loc[candidates["B"].pk, "reviews"] == 4


def test_a_cycle_without_jury_or_scores(award_platform, register):
    from nominations.defaults import ensure_award

    cycle = make_cycle(ensure_award(), 2030)
    add_candidates(cycle, nominations_each=0)
    results = compute(cycle)
    assert results.candidates["rank"].isna().all()
    assert len(results.candidates) == len(CANDIDATE_NUMBERS)
    assert results.kendall_w is None
    assert results.jurors.empty


@pytest.mark.parametrize("count", [5, 100])
def test_compute_runs_in_a_constant_number_of_queries(
    jury, conflict, count, django_assert_max_num_queries
):
    cycle = jury.cycle
    more = (
        Municipality.objects.valid_in(cycle.year)
        .kommuner()
        .exclude(number__in=CANDIDATE_NUMBERS)
        .values_list("number", flat=True)[: count - len(CANDIDATE_NUMBERS)]
    )
    add_candidates(cycle, more, nominations_each=0)
    criteria = list(cycle.criteria.order_by("position"))
    members = list(jury.members.all())
    reviews = Review.objects.bulk_create(
        Review(member=m, candidate=c, done_at=timezone.now())
        for m in members
        for c in cycle.candidates.all()
    )
    Score.objects.bulk_create(
        Score(review=r, criterion=c, value=1 + (r.pk * 7 + c.pk) % 5)
        for r in reviews
        for c in criteria
    )
    with django_assert_max_num_queries(5):
        results = compute(cycle)
    assert len(results.candidates) == count
    # Every review counts but cato's of Oslo, which the conflict voids.
    assert results.candidates["reviews"].sum() == len(members) * count - 1
