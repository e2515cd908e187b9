from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Norwegian unless the visitor chose another language with the menu.

    A Norwegian public service speaks Norwegian to everyone by default; many Norwegians browse
    with an English browser, so the Accept-Language header is not taken as a choice.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` (Django's never_cache headers) on the pages that are one
    person's: those in the PRIVATE_URL_NAMESPACES (the jury's pages, the deliberation, the
    export) and those whose address holds a private link's token (PRIVATE_URL_ARGUMENTS: a
    nomination's pages and the form for it). Neither the browser's cache nor a proxy keeps
    them, so that nobody later at the same computer, or behind the same proxy, reads them.
    A view's own never_cache decorator does the same for the pages outside these."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.namespaces = set(getattr(settings, "PRIVATE_URL_NAMESPACES", ()))
        self.arguments = set(getattr(settings, "PRIVATE_URL_ARGUMENTS", ()))

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and (
            self.namespaces.intersection(match.namespaces)
            or self.arguments.intersection(match.kwargs)
        ):
            add_never_cache_headers(response)
        return response
