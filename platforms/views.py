from django.shortcuts import get_object_or_404, render

from .models import Platform
from .notes import clause_notes, platform_uses


def platform_list(request):
    """The agreements an award rests on first, then the related ones (ended ones shown as ended)."""
    uses = platform_uses()
    basis, related = [], []
    for platform in Platform.objects.for_listing():
        platform.uses = uses.get(platform.pk, ())
        (basis if platform.uses else related).append(platform)
    return render(
        request,
        "platforms/platform_list.html",
        {"basis": basis, "related": related, "platforms": basis + related},
    )


def platform_detail(request, slug):
    platform = get_object_or_404(Platform.objects.with_full_text(), slug=slug)
    notes = clause_notes(platform)
    # The prefetched clauses are the objects the page writes, so what is set here shows.
    for section in platform.sections.all():
        for clause in section.clauses.all():
            clause.platform = platform  # for its footnote links, without reading it again
            clause.notes = notes.get(clause.pk, ())
    platform.uses = platform_uses().get(platform.pk, ())
    return render(request, "platforms/platform_detail.html", {"platform": platform})
