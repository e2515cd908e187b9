"""The award as KS and Frivillighet Norge run it: its record and its six default criteria.

The criteria are those of ../shared/design.md: the four questions of the public calls, the
fifth that the platform names (Relasjonen mellom frivillig sektor og kommunen, 1f) and the sixth
from its section on predictable conditions (Forutsigbare rammevilkår 1–3). Each cites the clauses
of the Frivillighet Norge–KS platform it rests on, by anchor, in the version of the platform in
force in the cycle's year. Every text is worded for municipalities and county municipalities
alike. The secretariat can change them, or switch any of them off, per year in the admin.
"""

from decimal import Decimal

from django.db import transaction

from platforms.models import Clause, Platform

from .models import Award, Criterion, CriterionClause, Cycle, ScalePoint

AWARD_SLUG = "arets-frivillighetskommune"
PLATFORM_SLUG = "frivillighet-norge-ks"

DEFAULT_SCALE = (
    (1, "Svakt: lite eller ingenting i materialet viser dette."),
    (2, "Noe: enkelte tiltak, men lite systematisk eller lite dokumentert."),
    (3, "Godt: tydelige tiltak som er i bruk, med noe dokumentasjon."),
    (4, "Svært godt: systematisk arbeid, godt dokumentert og forankret."),
    (5, "Fremragende: et forbilde som andre kommuner kan lære av."),
)

DEFAULT_CRITERIA = (
    {
        "title": "Dialog med frivilligheten",
        "question": (
            "Er frivillighetspolitikken utviklet i dialog med de lokale frivillige organisasjonene?"
        ),
        "help_text": (
            "Fortell for eksempel om dialogmøter, spørreundersøkelser eller kartlegging av "
            "frivillighetens utfordringer og ressurser i kommunen eller fylket."
        ),
        "jury_guidance": (
            "Se etter dialog som har påvirket politikken: hvem ble invitert, hvor bredt, og hva "
            "ble endret etter innspillene. Kartlegginger og referater teller mer enn påstander."
        ),
        "clauses": ("relasjonen-1", "relasjonen-1c", "rammevilkar-4"),
    },
    {
        "title": "Politisk forankring",
        "question": "Hvordan er frivillighetspolitikken forankret politisk?",
        "help_text": (
            "Har kommunestyret eller fylkestinget vedtatt en plan, strategi, melding eller "
            "erklæring for frivilligheten, for eksempel en lokal samarbeidsplattform med de "
            "frivillige organisasjonene? Er den en del av samfunnsdelen i kommuneplanen eller "
            "av den regionale planen? Lenk gjerne til vedtaket."
        ),
        "jury_guidance": (
            "Et politisk vedtatt dokument (plan, strategi, melding, erklæring eller lokal "
            "samarbeidsplattform) og en plass i samfunnsdelen av kommuneplanen eller i den "
            "regionale planen veier tyngst. Sjekk at vedtaket er dokumentert."
        ),
        "clauses": ("relasjonen-1", "relasjonen-1a", "formal-avsnitt-3", "prinsipper-7"),
    },
    {
        "title": "Møteplasser",
        "question": "Legger frivillighetspolitikken til rette for møteplasser?",
        "help_text": (
            "For eksempel årlige frivillighetskonferanser, dialogmøter og arrangementer der "
            "politisk og administrativ ledelse møter bredden av lokale organisasjoner, og "
            "lokaler med universell utforming."
        ),
        "jury_guidance": (
            "Se etter faste møteplasser som når bredden av organisasjoner, og lokaler som er "
            "tilgjengelige for alle (universell utforming)."
        ),
        "clauses": ("relasjonen-1b",),
    },
    {
        "title": "Fast møtestruktur",
        "question": (
            "Har kommunen eller fylkeskommunen en fast møtestruktur – et frivillighetsråd, "
            "frivillighetsforum eller lignende – der frivillige fra idrett, kultur, "
            "friluftsliv, barn og unge, helse, innvandring og beredskap er representert?"
        ),
        "help_text": (
            "Beskriv hvem som sitter i rådet eller forumet, hvor ofte det møtes og hvilket "
            "mandat det har. Legg gjerne ved mandatet."
        ),
        "jury_guidance": (
            "Et fast organ med mandat og jevnlige møter, der de nevnte feltene er representert, "
            "gir høy score. Et forum uten mandat eller med smal representasjon gir lavere."
        ),
        "clauses": ("relasjonen-1e",),
    },
    {
        "title": "Medvirkning i planarbeid",
        "question": (
            "Blir frivillig sektor involvert i planprosessene i kommunen eller fylkeskommunen?"
        ),
        "help_text": (
            "Fortell hvordan frivillige organisasjoner blir invitert inn i arbeidet med "
            "kommuneplanen eller den regionale planen og andre planer, og gi gjerne eksempler."
        ),
        "jury_guidance": (
            "Se etter konkret involvering i planprosesser (høringer, verksteder, "
            "medvirkningsmøter), ikke bare informasjon i etterkant."
        ),
        "clauses": ("relasjonen-1f",),
    },
    {
        "title": "Forutsigbare rammevilkår",
        "question": (
            "Gir kommunen eller fylkeskommunen frivilligheten forutsigbare rammevilkår – frie "
            "midler, enkle regler for tilskudd og tilgang til lokaler?"
        ),
        "help_text": (
            "Fortell for eksempel om tilskudd som organisasjonene kan bruke etter egne "
            "prioriteringer, om enkle søknader og rapporter, og om gratis eller rimelige lokaler."
        ),
        "jury_guidance": (
            "Se etter støtte som kommer år etter år, frie midler framfor øremerkede, enkle krav "
            "for å få støtte, og lokaler som organisasjonene faktisk får bruke."
        ),
        "clauses": ("rammevilkar-1", "rammevilkar-2", "rammevilkar-3", "relasjonen-1b"),
    },
)


def ensure_award() -> Award:
    """The award record, created once; needs the Frivillighet Norge–KS platform imported."""
    platform = Platform.objects.get(slug=PLATFORM_SLUG)
    award, _created = Award.objects.get_or_create(
        slug=AWARD_SLUG,
        defaults={
            "name": "Årets frivillighetskommune",
            "platform": platform,
            "reference_prefix": "AFK",
            "description": (
                "KS og Frivillighet Norges årlige pris til kommunen eller fylkeskommunen som "
                "jobber best med frivillighetspolitikk."
            ),
        },
    )
    return award


@transaction.atomic
def add_default_criteria(cycle: Cycle) -> list[Criterion]:
    """Give a cycle without criteria the six default ones, each citing its clauses in the
    version of the award's platform that is in force in the cycle's year."""
    if cycle.criteria.exists():
        return list(cycle.criteria.all())
    anchors = {anchor for spec in DEFAULT_CRITERIA for anchor in spec["clauses"]}
    platform = cycle.award.platform.in_force_in(cycle.year)
    clauses = {c.anchor: c for c in Clause.objects.filter(platform=platform, anchor__in=anchors)}
    created = []
    for position, spec in enumerate(DEFAULT_CRITERIA, start=1):
        criterion = Criterion.objects.create(
            cycle=cycle,
            position=position,
            title=spec["title"],
            question=spec["question"],
            help_text=spec["help_text"],
            jury_guidance=spec["jury_guidance"],
            weight=Decimal("1"),
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(criterion=criterion, value=value, description=text)
            for value, text in DEFAULT_SCALE
        )
        CriterionClause.objects.bulk_create(
            CriterionClause(criterion=criterion, clause=clauses[anchor], position=i)
            for i, anchor in enumerate(spec["clauses"], start=1)
            if anchor in clauses
        )
        created.append(criterion)
    # bulk_create() sends no signal: the scale is part of the score math (signals.py).
    Cycle.objects.filter(pk=cycle.pk).raise_results_version()
    return created
