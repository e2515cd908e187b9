"""The floor: what any page of ours costs at the least. A bare Django view that makes one query
and renders a template extending the project's base layout, through the same middleware, so
that a page's time divided by this one's is what our own code adds."""

from django.shortcuts import render

from nominations.models import Municipality


def floor(request):
    municipality = Municipality.objects.order_by("pk").first()  # the one query
    return render(request, "benchmarks/floor.html", {"municipality": municipality})
