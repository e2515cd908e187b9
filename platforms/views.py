from django.shortcuts import get_object_or_404, render

from .models import Platform
from .notes import clause_notes


def platform_list(request):
    platforms = Platform.objects.for_listing()
    return render(request, "platforms/platform_list.html", {"platforms": platforms})


def platform_detail(request, slug):
    platform = get_object_or_404(Platform.objects.with_full_text(), slug=slug)
    notes = clause_notes(platform)
    # The prefetched clauses are the objects the page writes, so what is set here shows.
    for section in platform.sections.all():
        for clause in section.clauses.all():
            clause.platform = platform  # for its footnote links, without reading it again
            clause.notes = notes.get(clause.pk, ())
    return render(request, "platforms/platform_detail.html", {"platform": platform})
