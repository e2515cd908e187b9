"""The demo's past cycle, decided: the top of the computed ranking as finalists, the first of them
the winner, short texts in plain language, every juror's sign-off, and the lock. It goes through
the same rules as the chair's pages (decision.py), so the demo's record looks like a real one.
"""

from django.db import transaction
from django.utils import timezone

from nominations.models import Candidate, Cycle, Phase

from . import decision, score_math
from .models import JuryMember, Result

# Plain Norwegian, each well under LIX 40 whatever the name; {name} is the municipality. The
# criteria each text speaks to are given by their position in the default criteria.
JUSTIFICATION = (
    "{name} er Årets frivillighetskommune. Kommunen lager planen for frivillighet sammen med "
    "lagene. Alle lag kan si sin mening på åpne møter. Bystyret har vedtatt planen. Et eget råd "
    "for frivillighet møtes fire ganger i året. Der sitter idrett, kultur, helse og beredskap. "
    "Juryen mener at {name} viser vei for andre."
)
JUSTIFICATION_CRITERIA = (1, 2, 4)
PARAGRAPHS = (
    (
        "{name} spør lagene før kommunen lager nye planer. Et fast råd for frivillighet gir "
        "lagene en stemme. Juryen vil løfte fram denne gode dialogen.",
        (1, 4),
    ),
    (
        "{name} gir lagene gode steder å møtes. Kommunen holder en stor dag for frivillighet "
        "hvert år. Der møter politikere og lag hverandre.",
        (3,),
    ),
    (
        "{name} har en plan for frivillighet som bystyret står bak. Lagene er med når kommunen "
        "lager planer. Juryen ser at arbeidet gir resultater.",
        (2, 5),
    ),
)


@transaction.atomic
def decide_past_cycle(cycle: Cycle, now=None) -> Result | None:
    """Decides the cycle from its computed ranking, as at `now` (by default the present); does
    nothing when it has a result, or when its nominations are not even closed."""
    if Result.objects.filter(cycle=cycle).exists():
        return None
    now = now or timezone.now()
    if cycle.phase_at(now) == Phase.JURY:
        # Every demo review is done, so the deliberation has begun, whatever today's date
        # (from September to mid-October the demo's calendar would still say "jury").
        cycle.deliberation_started_at = now
        cycle.save(update_fields=["deliberation_started_at"])
    if not decision.in_decision_phase(cycle, now):
        return None
    chair = JuryMember.objects.select_related("user", "jury__cycle").get(
        jury__cycle=cycle, is_chair=True
    )
    actor = decision.Deliberator(user=chair.user, cycle=cycle, member=chair)
    ranked = score_math.compute(cycle).ranked.index[: cycle.finalist_count]
    by_pk = Candidate.objects.select_related("municipality").in_bulk(list(ranked))
    finalists = [by_pk[pk] for pk in ranked]
    result = decision.choose(actor, finalists, winner=finalists[0], now=now)

    criteria = {c.position: c for c in cycle.criteria.all()}
    paragraphs = {}
    for finalist, (text, cited) in zip(
        result.finalists.select_related("candidate__municipality").order_by("position"),
        PARAGRAPHS,
        strict=False,
    ):
        name = finalist.candidate.municipality.display_name
        paragraphs[finalist.pk] = (
            text.format(name=name),
            [criteria[p] for p in cited if p in criteria],
        )
    texts = decision.Texts(
        justification=JUSTIFICATION.format(name=finalists[0].municipality.display_name),
        justification_criteria=[criteria[p] for p in JUSTIFICATION_CRITERIA if p in criteria],
        paragraphs=paragraphs,
    )
    decision.save_texts(actor, texts, decision.text_digest(result), now=now)

    digest = decision.text_digest(decision.load_result(cycle))
    for member in decision.jury_members(cycle):
        decision.sign_off(member, digest, now=now)
    return decision.lock(actor, now=now)
