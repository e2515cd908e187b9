"""The public pages of the result: the front page, a year's finalists and announcement, the
archive, a municipality's history and the feed of announcements. What is public and when is
decided in scoring/publication.py; the archive is assembled in scoring/archive.py."""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nominations.models import Award, Cycle
from nominations.models.register import NOMINATED_AS

from .. import archive as archive_data
from .. import pictures, publication
from ..models import Finalist


def _award_page(request, award):
    front = publication.front_page(timezone.now(), award)
    others = [
        c for c in Cycle.objects.current_per_award() if award is None or c.award_id != award.pk
    ]
    return render(
        request,
        "public/home.html",
        {
            "award": award,
            "front": front,
            "cycle": front.cycle,
            "criteria": front.criteria,
            "feed_award": front.cycle.award if front.cycle else None,
            "other_awards": others,
        },
    )


def home(request):
    """The site's front page: the page of the award the site is named after (SITE_AWARD),
    with the other awards' current years beside it."""
    return _award_page(request, publication.site_award())


def award_home(request, award):
    """Each award's page, as the front page is the site award's."""
    award = get_object_or_404(Award.objects.select_related("platform"), slug=award)
    if award.is_site_award:
        return redirect("home")
    return _award_page(request, award)


def award_url(award) -> str:
    if award.is_site_award:
        return reverse("home")
    return reverse("public:award", kwargs={"award": award.slug})


def _year_page(request, template, award, year, page):
    data = publication.year_for(request.user, award, year, page)
    if data.correcting:
        return _correcting_page(request, data, page)
    path = request.path
    response = render(
        request,
        template,
        {
            "data": data,
            "cycle": data.cycle,
            "result": data.result,
            "share_url": publication.absolute_url(path),
            "feed_award": data.cycle.award,
        },
    )
    if data.preview:
        # A preview must never be kept by a cache or found by a search engine.
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


def _correcting_page(request, data, page):
    """A published result unlocked to be corrected: a short notice where the page was, since
    people follow links to it, and nothing of the result, which may be half-edited."""
    response = render(
        request,
        "public/correcting.html",
        {"cycle": data.cycle, "page": page, "feed_award": data.cycle.award},
    )
    # Back shortly: no cache or search engine may keep the notice in the page's place.
    patch_cache_control(response, no_cache=True, must_revalidate=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def finalists(request, award, year):
    return _year_page(request, "public/finalists.html", award, year, "finalists")


def announcement(request, award, year):
    return _year_page(request, "public/announcement.html", award, year, "announcement")


class ArchiveFilterForm(forms.Form):
    fylke = forms.ChoiceField(label=_("County"), required=False)
    kriterium = forms.ChoiceField(label=_("Criterion"), required=False)

    def __init__(self, *args, counties, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fylke"].choices = [("", _("All counties"))] + [
            (c.number, c.name) for c in counties
        ]
        self.fields["kriterium"].choices = [("", _("All criteria"))] + list(criteria)


class ArchiveYearForm(forms.Form):
    """The map's year (pictures.archive_map): a year of the archive, or every year."""

    aar = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        known = sorted({y.year for y in years}, reverse=True)
        self.fields["aar"].choices = [("", _("Every year"))] + [(y, y) for y in known]


def _archive_map(request, years, counties):
    """The map of the archive and its year form; the map shows every year when the year is
    not one of the list's."""
    year_form = ArchiveYearForm(request.GET or None, years=years)
    year = year_form.cleaned_data["aar"] if year_form.is_valid() else None
    base = reverse("public:archive")
    tile_map = pictures.archive_map(
        years, counties, year, county_url=lambda number: f"{base}?fylke={number}"
    )
    return {"year_form": year_form, "tile_map": tile_map}


def archive(request):
    years = archive_data.archive_years(timezone.now())
    counties = list(archive_data.county_choices())  # read once: the filter's and the map's
    form = ArchiveFilterForm(
        request.GET or None,
        counties=counties,
        criteria=archive_data.criterion_choices(years),
    )
    matches = None
    filtered = form.is_valid() and any(form.cleaned_data.values())
    if filtered:
        matches = archive_data.matching(
            years, form.cleaned_data["fylke"], form.cleaned_data["kriterium"]
        )
    return render(
        request,
        "public/archive.html",
        {
            "years": years,
            "form": form,
            "matches": matches,
            "filtered": filtered,
            **_archive_map(request, years, counties),
        },
    )


def municipality(request, number):
    if number in NOMINATED_AS:
        # «Oslo fylkeskommune» does not exist: Oslo's page is that of the municipality 0301.
        return redirect("public:municipality", number=NOMINATED_AS[number], permanent=True)
    history = archive_data.municipality_history(number, timezone.now())
    return render(request, "public/municipality.html", {"history": history})


@dataclass
class FeedEntry:
    """One entry of the feed: a cycle's finalists, or its winner, each at its publication
    time."""

    cycle: Cycle
    winner: bool
    at: datetime.datetime


class AnnouncementFeed(Feed):
    """The publications of one award, newest first, as Atom: the finalists when they are
    published and the winner when announced, only those already public."""

    feed_type = Atom1Feed

    def author_name(self, award):
        if award.is_site_award:
            return gettext("KS and Frivillighet Norge")
        return award.given_by

    def get_object(self, request, award):
        return get_object_or_404(Award.objects.select_related("platform"), slug=award)

    def title(self, award):
        return gettext("%(award)s: the announcements") % {"award": award.name}

    def subtitle(self, award):
        return award.description

    def link(self, award):
        return publication.absolute_url(award_url(award))

    def feed_url(self, award):
        return publication.absolute_url(reverse("public:feed", kwargs={"award": award.slug}))

    def feed_guid(self, award):
        # The feed's own address, which its readers have known it by from the start.
        return self.feed_url(award)

    def items(self, award):
        now = timezone.now()
        finalists = Finalist.objects.select_related("candidate__municipality").order_by("position")
        cycles = (
            publication.finalists_published_cycles(now)
            .filter(award=award)
            .select_related("award", "result__winner__municipality")
            .prefetch_related(Prefetch("result__finalists", finalists))
            .order_by("-finalists_published_at")[:20]
        )
        entries = []
        for cycle in cycles:
            entries.append(FeedEntry(cycle, False, cycle.finalists_published_at))
            if publication.announcement_public(cycle, cycle.result, now):
                entries.append(FeedEntry(cycle, True, cycle.announced_at))
        return sorted(entries, key=lambda e: e.at, reverse=True)[:20]

    def item_title(self, entry):
        cycle = entry.cycle
        if entry.winner:
            return gettext("%(winner)s is %(award)s %(year)s") % {
                "winner": cycle.result.winner.municipality.display_name,
                "award": cycle.award.name,
                "year": cycle.year,
            }
        return gettext("The finalists for %(award)s %(year)s") % {
            "award": cycle.award.name,
            "year": cycle.year,
        }

    def item_description(self, entry):
        if entry.winner:
            return Truncator(entry.cycle.result.justification).words(60)
        finalists = publication.public_order(entry.cycle.result.finalists.all(), False)
        names = [f.candidate.municipality.display_name for f in finalists]
        return gettext("The jury's finalists: %(names)s.") % {"names": ", ".join(names)}

    def item_link(self, entry):
        if entry.winner:
            return publication.absolute_url(publication.announcement_url(entry.cycle))
        return publication.absolute_url(publication.finalists_url(entry.cycle))

    def item_pubdate(self, entry):
        return entry.at

    def item_updateddate(self, entry):
        # A result corrected after publication was updated when it was locked again.
        corrected = publication.corrected_on(entry.cycle.result)
        return max(entry.at, corrected) if corrected else entry.at
