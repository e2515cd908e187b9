"""The site's error pages and the favicon at the address browsers ask for.

Django's own handlers render templates/400.html, 403.html and 500.html; the 404 handler here
adds a hint for the two 404s the public meets most (a result page before its publication, a
private link that no longer works), and the CSRF failure gets its own page. 500.html is a page
of its own that needs no context processor and no database: it must render when they fail."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static

RESULT_PAGES = {"public:announcement", "public:finalists"}
PRIVATE_LINK_PAGES = {
    "nominations:resume",
    "nominations:wizard",
    "nominations:nomination",
    "nominations:receipt",
    "nominations:withdraw",
    "nominations:candidate_material",
}


def page_not_found(request, exception=None):
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    context = {
        "result_page": view_name in RESULT_PAGES,
        "private_link": view_name in PRIVATE_LINK_PAGES,
    }
    return render(request, "404.html", context, status=404)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links to: the static file."""
    return HttpResponseRedirect(static("favicon.ico"))
