"""The score math of a cycle: one truth for the chair's page, the Excel export and the commands.

`compute(cycle)` reads everything in five queries (criteria with their scale, candidates, jury
members, active conflicts, and every score of a done review) and hands the rows to
`compute_from_rows`, which is pure pandas and can be tested without a database. `cached(cycle)`
is the same, kept in Django's cache under the cycle's results_version, which every change to
those rows raises in its own transaction (nominations/signals.py, scoring/signals.py): the chair's
pages ask for it on every request, and a full year's math is the most of such a request.

The method, with the formulas, is in README.md ("The score math"). In short:

- A juror's score for a candidate is the weighted mean of their criterion scores. Only reviews
  marked done count, and never one by a juror in conflict with the candidate.
- Per candidate: mean, median, population standard deviation and max − min of those scores.
- Normalised: each juror's scores as z-scores over the candidates they reviewed, averaged per
  candidate; also rescaled to points as grand mean + normalised × pooled within-juror std.
- Agreement: Kendall's W (with tie correction) over the candidates every juror reviewed.
- Rank: normalised, then mean, then median, then first places; what is still equal shares a rank.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db import models
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate, Cycle

from .models import Conflict, JuryMember, Score
from .progress import norwegian_key

# A candidate whose jurors' weighted scores lie this many points or more apart (max − min) is
# flagged: a step and a half of the scale is a difference the jury should talk about before
# ranking. The range, not the std: "two jurors are 1.5 points apart" explains itself.
DISAGREEMENT_RANGE = 1.5

# Values equal to nine decimals are equal. The same score reached by adding in another order can
# differ in the 16th digit, and that must neither break a tie nor make a juror's constant scores
# look spread.
DECIMALS = 9

SCORE_COLUMNS = ["juror", "candidate", "criterion", "value"]

# The version decides what is current; the timeout only lets the cache drop old versions.
CACHED_SECONDS = 24 * 60 * 60

# The tie-break, in order; every key is better when higher.
RANK_KEYS = ["normalised", "mean", "median", "first_places"]


class ReviewState(models.TextChoices):
    """What one juror's review of one candidate contributes."""

    DONE = "done", _("Done")
    CONFLICT = "conflict", _("In conflict")
    MISSING = "missing", _("Missing")


class Agreement(models.TextChoices):
    VERY_WEAK = "very_weak", _("Very weak agreement")
    WEAK = "weak", _("Weak agreement")
    MODERATE = "moderate", _("Moderate agreement")
    STRONG = "strong", _("Strong agreement")
    VERY_STRONG = "very_strong", _("Very strong agreement")


# The lowest W of each reading: the midpoints between Schmidt's (1997) anchors for W of 0.1 (very
# weak), 0.3 (weak), 0.5 (moderate), 0.7 (strong) and 0.9 (very strong).
AGREEMENT_FLOORS = (
    (0.8, Agreement.VERY_STRONG),
    (0.6, Agreement.STRONG),
    (0.4, Agreement.MODERATE),
    (0.2, Agreement.WEAK),
    (0.0, Agreement.VERY_WEAK),
)
AGREEMENT_EXPLANATION = _(
    "Kendall's W runs from 0 (the jurors' orders of the candidates have nothing in common) to 1 "
    "(every juror puts the candidates in the same order). It is measured over the candidates "
    "that every juror has reviewed."
)
NO_AGREEMENT = _("Too few candidates reviewed by every juror to measure agreement.")


def agreement_reading(w: float | None) -> Agreement | None:
    if w is None:
        return None
    return next(reading for floor, reading in AGREEMENT_FLOORS if round(w, DECIMALS) >= floor)


@dataclass(frozen=True)
class CycleResults:
    """The results of a cycle. Every frame is in rank order (unranked candidates last).

    - candidates: one row per candidate, indexed by candidate id: the input columns
      (municipality, number, county) and reviews, conflicts, missing, mean, median, std, range,
      normalised, normalised_scaled, first_places, rank (nullable), tied, disagreement.
    - criteria: candidate × criterion mean of the raw scores, columns in the criteria's order.
    - jurors: juror × candidate weighted score; NaN where the review does not count, and
      juror_status (same shape) says why: a ReviewState value.
    - zscores: juror × candidate z-score, NaN where the review does not count.
    """

    candidates: pd.DataFrame
    criteria: pd.DataFrame
    jurors: pd.DataFrame
    juror_status: pd.DataFrame
    zscores: pd.DataFrame
    criteria_weights: pd.Series
    kendall_w: float | None
    agreement_jurors: int
    agreement_candidates: int
    grand_mean: float
    pooled_std: float
    scale_min: float | None
    scale_max: float | None

    @property
    def agreement(self) -> Agreement | None:
        return agreement_reading(self.kendall_w)

    @property
    def agreement_text(self) -> str:
        return self.agreement_summary.agreement_text

    @property
    def agreement_summary(self) -> "AgreementSummary":
        return AgreementSummary(self.kendall_w, self.agreement_jurors, self.agreement_candidates)

    @property
    def ranked(self) -> pd.DataFrame:
        return self.candidates[self.candidates["rank"].notna()]


@dataclass(frozen=True)
class AgreementSummary:
    """How far the jurors agree, without the frames: what the deliberation page shows of it."""

    kendall_w: float | None
    agreement_jurors: int
    agreement_candidates: int

    @property
    def agreement_text(self) -> str:
        reading = agreement_reading(self.kendall_w)
        return reading.label if reading else NO_AGREEMENT


# --- Reading the cycle ------------------------------------------------------------------------


def compute(cycle: Cycle) -> CycleResults:
    """The results of the cycle's eligible candidates, from the scores of done reviews."""
    weights, scale = _criteria(cycle)
    candidates = pd.DataFrame(
        Candidate.objects.filter(cycle=cycle)
        .eligible()
        # The default order's, without its joins of the cycle and the award (one of each here).
        .order_by("municipality__name")
        .values_list(
            "pk", "municipality__name", "municipality__number", "municipality__county__name"
        ),
        columns=["candidate_id", "municipality", "number", "county"],
    ).set_index("candidate_id")
    jurors = list(JuryMember.objects.filter(jury__cycle=cycle).values_list("pk", flat=True))
    # Unordered: a set of pairs; the default order would join six tables to sort them.
    conflicts = Conflict.objects.active().filter(member__jury__cycle=cycle).order_by()
    scores = Score.objects.filter(
        review__member__jury__cycle=cycle,
        review__candidate__cycle=cycle,
        review__done_at__isnull=False,
        value__isnull=False,
    ).values_list("review__member_id", "review__candidate_id", "criterion_id", "value")
    return compute_from_rows(
        scores=pd.DataFrame(list(scores), columns=SCORE_COLUMNS),
        weights=weights,
        candidates=candidates,
        jurors=jurors,
        conflicts=conflicts.values_list("member_id", "candidate_id"),
        scale=scale,
    )


def cached(cycle: Cycle) -> CycleResults:
    """compute(cycle), made once per version of what it is made from. Plain data (frames and
    numbers) under a key of the cycle and its version, so one cache shared by every process
    serves them all the same."""
    key = f"scoring:results:{cycle.pk}:{cycle.results_version}"
    return cache.get_or_set(key, lambda: compute(cycle), CACHED_SECONDS)


def _criteria(cycle: Cycle) -> tuple[pd.Series, tuple[float, float] | None]:
    """The weights by criterion id in the criteria's order, and the range of the scale."""
    rows = list(
        cycle.criteria.order_by("position")
        .annotate(low=Min("scale_points__value"), high=Max("scale_points__value"))
        .values_list("pk", "weight", "low", "high")
    )
    weights = pd.Series({pk: float(weight) for pk, weight, _low, _high in rows}, dtype=float)
    lows = [low for _pk, _weight, low, _high in rows if low is not None]
    highs = [high for _pk, _weight, _low, high in rows if high is not None]
    scale = (float(min(lows)), float(max(highs))) if lows and highs else None
    return weights, scale


# --- The math -------------------------------------------------------------------------------------


def compute_from_rows(
    scores: pd.DataFrame,
    weights: pd.Series,
    candidates: pd.DataFrame,
    jurors: Sequence,
    conflicts: Iterable[tuple] = (),
    scale: tuple[float, float] | None = None,
) -> CycleResults:
    """The results from plain rows.

    scores: one row per criterion score of a review marked done (columns juror, candidate,
    criterion, value); weights: by criterion, in the criteria's order; candidates: indexed by
    candidate, with at least a `municipality` name; jurors: every member of the jury;
    conflicts: (juror, candidate) pairs in active conflict; scale: the scale's (min, max).
    """
    weights = _effective_weights(weights)
    conflicts = set(conflicts)
    scores = _counted_scores(scores, weights, candidates.index, jurors, conflicts)
    weighted = (
        _weighted_means(scores)
        .reindex(index=list(jurors), columns=candidates.index)
        .rename_axis(index="juror_id", columns="candidate_id")
    )
    status = _review_status(weighted, conflicts)
    zscores = _zscores(weighted)
    grand_mean, pooled_std = _grand_mean(weighted), _pooled_std(weighted)

    table = candidates.copy()
    table["reviews"] = weighted.count()
    table["conflicts"] = (status == ReviewState.CONFLICT).sum()
    table["missing"] = (status == ReviewState.MISSING).sum()
    table["mean"] = weighted.mean()
    table["median"] = weighted.median()
    # Population std (ddof=0): the jury is not a sample of some larger jury; the figure
    # describes how far apart these jurors are, and is 0, not undefined, for a single review.
    table["std"] = weighted.std(ddof=0)
    table["range"] = weighted.max() - weighted.min()
    table["normalised"] = zscores.mean()
    table["normalised_scaled"] = _rescaled(table["normalised"], grand_mean, pooled_std, scale)
    table["first_places"] = _first_places(weighted)
    table["disagreement"] = table["range"].round(DECIMALS) >= DISAGREEMENT_RANGE
    table = _ranked(table)

    order = table.index
    w, block_jurors, block_candidates = _kendall_w(weighted)
    return CycleResults(
        candidates=table,
        criteria=_criterion_means(scores, candidates.index, weights.index).reindex(order),
        jurors=weighted[order],
        juror_status=status[order],
        zscores=zscores[order],
        criteria_weights=weights,
        kendall_w=w,
        agreement_jurors=block_jurors,
        agreement_candidates=block_candidates,
        grand_mean=grand_mean,
        pooled_std=pooled_std,
        scale_min=scale[0] if scale else None,
        scale_max=scale[1] if scale else None,
    )


def _effective_weights(weights: pd.Series) -> pd.Series:
    weights = weights.astype(float).rename("weight")
    if weights.sum() > 0:
        return weights
    # All weights 0 would leave no weighted mean at all: then every criterion weighs the same.
    return pd.Series(1.0, index=weights.index, name="weight")


def _counted_scores(scores, weights, candidate_ids, jurors, conflicts) -> pd.DataFrame:
    """The scores that count, each with its criterion's weight: of the jury's members, of the
    candidates and criteria given, and not in conflict (a conflict declared after the review
    was done voids the review)."""
    scores = scores[SCORE_COLUMNS].dropna(subset=["value"])
    if conflicts:
        pairs = pd.MultiIndex.from_arrays([scores["juror"], scores["candidate"]])
        in_conflict = pairs.isin(list(conflicts))
    else:
        in_conflict = np.zeros(len(scores), dtype=bool)
    keep = (
        scores["juror"].isin(list(jurors)).to_numpy()
        & scores["candidate"].isin(candidate_ids).to_numpy()
        & scores["criterion"].isin(weights.index).to_numpy()
        & ~in_conflict
    )
    scores = scores[keep].astype({"value": float})
    return scores.assign(weight=scores["criterion"].map(weights).astype(float))


def _weighted_means(scores: pd.DataFrame) -> pd.DataFrame:
    """Juror × candidate: Σ weight × value / Σ weight over the criteria the review has scores
    for (done requires all, but a criterion may have been added after the review was done)."""
    by_review = [scores["juror"], scores["candidate"]]
    weighted_sums = (scores["weight"] * scores["value"]).groupby(by_review).sum()
    means = weighted_sums / scores["weight"].groupby(by_review).sum()
    # A review with scores only on criteria of weight 0 has no weighted mean (0/0): not counted.
    means = means.dropna()
    return means.unstack("candidate") if len(means) else pd.DataFrame(dtype=float)


def _review_status(weighted: pd.DataFrame, conflicts: set) -> pd.DataFrame:
    # Built in numpy and kept as one block of objects: a frame of text columns would be a block
    # per candidate, and every operation on it a loop over the candidates.
    status = np.where(
        weighted.notna().to_numpy(), ReviewState.DONE.value, ReviewState.MISSING.value
    ).astype(object)
    rows = {juror: i for i, juror in enumerate(weighted.index)}
    columns = {candidate: i for i, candidate in enumerate(weighted.columns)}
    for juror, candidate in conflicts:
        if juror in rows and candidate in columns:
            status[rows[juror], columns[candidate]] = ReviewState.CONFLICT.value
    return pd.DataFrame(status, index=weighted.index, columns=weighted.columns, dtype=object)


def _zscores(weighted: pd.DataFrame) -> pd.DataFrame:
    """Each juror's scores as (score − the juror's mean) / the juror's population std, over the
    candidates the juror reviewed. A juror who gave one review, or the same score to all, says
    nothing about the order: z = 0."""
    spread = weighted.std(axis=1, ddof=0)
    # No spread: divide by infinity, which gives 0 and keeps NaN where there is no review.
    spread = spread.where(spread.round(DECIMALS) > 0, np.inf)
    return _deviations(weighted).div(spread, axis=0)


def _deviations(weighted: pd.DataFrame) -> pd.DataFrame:
    """Each score minus the mean of the juror's scores: what is left when leniency is removed."""
    return weighted.sub(weighted.mean(axis=1), axis=0)


def _counted_values(weighted: pd.DataFrame) -> np.ndarray:
    values = weighted.to_numpy(dtype=float)
    return values[~np.isnan(values)]


def _grand_mean(weighted: pd.DataFrame) -> float:
    values = _counted_values(weighted)
    return float(values.mean()) if values.size else float("nan")


def _pooled_std(weighted: pd.DataFrame) -> float:
    """How far a juror's scores lie from the juror's own mean, pooled over all counted reviews:
    √(Σ (x − juror's mean)² / N). Leniency (a juror's own mean) is left out, as in the z-scores."""
    deviations = _counted_values(_deviations(weighted))
    return float(np.sqrt((deviations**2).mean())) if deviations.size else float("nan")


def _rescaled(normalised: pd.Series, grand_mean: float, pooled_std: float, scale) -> pd.Series:
    """The normalised score in points: grand mean + normalised × pooled std, kept on the scale."""
    points = grand_mean + normalised * pooled_std
    return points.clip(*scale) if scale else points


def _first_places(weighted: pd.DataFrame) -> pd.Series:
    """How many jurors gave the candidate their highest score (a shared top counts for each)."""
    rounded = weighted.round(DECIMALS)
    return rounded.eq(rounded.max(axis=1), axis=0).sum().astype(int)


def _criterion_means(scores, candidate_ids, criterion_ids) -> pd.DataFrame:
    means = scores.groupby(["candidate", "criterion"])["value"].mean()
    table = means.unstack("criterion") if len(means) else pd.DataFrame(dtype=float)
    return table.reindex(index=candidate_ids, columns=criterion_ids).rename_axis(
        index="candidate_id", columns="criterion_id"
    )


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Rank by RANK_KEYS; candidates equal on all keys share the better rank (1, 2, 2, 4) and
    are listed by municipality name. Candidates without a done review come last, unranked."""
    keys = table[RANK_KEYS].astype(float).round(DECIMALS)
    reviewed = table["reviews"] > 0
    order = keys.assign(_reviewed=reviewed, _name=_alphabetical_position(table)).sort_values(
        ["_reviewed", *RANK_KEYS, "_name"],
        ascending=[False] * (1 + len(RANK_KEYS)) + [True],
        kind="stable",
    )
    table, keys, reviewed = table.loc[order.index], keys.loc[order.index], reviewed[order.index]
    starts_group = keys.ne(keys.shift()).any(axis=1)
    position = pd.Series(range(1, len(table) + 1), index=table.index, dtype="Int64")
    rank = position.where(starts_group).ffill().astype("Int64")
    table["rank"] = rank.where(reviewed, pd.NA)
    table["tied"] = reviewed & table["rank"].duplicated(keep=False)
    return table.rename_axis("candidate_id")


def _alphabetical_position(table: pd.DataFrame) -> pd.Series:
    """Each candidate's place in the list by name, as a Norwegian reader expects; two
    municipalities of one name (Herøy, Våler) by county."""
    names = table["municipality"].astype(str).map(norwegian_key).to_dict()
    county = table["county"] if "county" in table else pd.Series("", index=table.index)
    counties = county.fillna("").astype(str).map(norwegian_key).to_dict()
    ordered = sorted(table.index, key=lambda pk: (names[pk], counties[pk]))
    return pd.Series(range(len(ordered)), index=ordered).reindex(table.index)


def _kendall_w(weighted: pd.DataFrame) -> tuple[float | None, int, int]:
    """Kendall's W with tie correction over the complete block: the candidates that every juror
    reviewed. Returns (W, jurors, candidates in the block); W is None below 2 × 2, or when every
    juror gave every candidate in the block the same score."""
    block = weighted.loc[:, weighted.notna().all()]
    m, n = block.shape
    if m < 2 or n < 2:
        return None, m, n
    ranks = block.round(DECIMALS).rank(axis=1, method="average")
    rank_sums = ranks.sum()
    spread = float(((rank_sums - m * (n + 1) / 2) ** 2).sum())
    ties = sum(_tie_term(row) for row in ranks.to_numpy(dtype=float))
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return None, m, n
    return 12 * spread / denominator, m, n


def _tie_term(ranks: np.ndarray) -> float:
    """Σ (t³ − t) over the groups of t tied candidates in one juror's ranking."""
    sizes = np.unique(ranks, return_counts=True)[1].astype(float)
    return float((sizes**3 - sizes).sum())
