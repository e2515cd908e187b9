from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.module_loading import import_string

from .models import Platform


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


def clause_notes(platform) -> dict:
    """Notes other apps attach to the platform's clauses: {clause id: [note]}, each note with a
    `label` and a `url` (may be empty).

    The callable is named by settings.PLATFORM_CLAUSE_NOTES (a dotted path, called with the
    platform), so that this app shows, say, which award criteria cite a clause without
    depending on the app that knows of awards. Unset: no notes.
    """
    path = getattr(settings, "PLATFORM_CLAUSE_NOTES", "")
    return import_string(path)(platform) if path else {}
