"""Helpers for the tests of the three languages: choosing one as a visitor does, catching every
text that nynorsk lacks, and finding bokmål where a page should be all English.

Django's DjangoTranslation for nynorsk has the bokmål catalogue (settings.LANGUAGE_CODE) as its
fallback: a text without nynorsk is shown in bokmål. `bokmal_fallbacks_marked` wraps that
fallback so that whatever comes from it is shown as ⟦…⟧, and a page or an e-mail that should be
all nynorsk can be searched for the marks."""

import contextlib
import functools
import html
import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import trans_real

LOCALE = Path(__file__).resolve().parent.parent / "locale"
MARK = re.compile(r"⟦(.*?)⟧", re.S)


def choose(client, language):
    """As the language menu leaves it: a cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


class MarkedFallback:
    def __init__(self, fallback):
        self.fallback = fallback

    def gettext(self, message):
        return f"⟦{self.fallback.gettext(message)}⟧"

    def ngettext(self, singular, plural, n):
        return f"⟦{self.fallback.ngettext(singular, plural, n)}⟧"

    def __getattr__(self, name):
        return getattr(self.fallback, name)


@contextlib.contextmanager
def bokmal_fallbacks_marked():
    nynorsk = trans_real.translation("nn")
    fallback = nynorsk._fallback
    assert fallback is not None and fallback.language() == settings.LANGUAGE_CODE
    nynorsk._fallback = MarkedFallback(fallback)
    try:
        yield
    finally:
        nynorsk._fallback = fallback


def fallbacks_in(text: str) -> list[str]:
    """The texts a page or an e-mail showed in bokmål for want of nynorsk."""
    return MARK.findall(text)


@functools.cache
def _bokmal_fragments() -> tuple[str, ...]:
    """The fixed parts of our bokmål translations (between placeholders and tags) long enough
    not to be found by chance: the same text in English would be the msgid, never these."""
    po = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / "django.po"))
    fragments = set()
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if not text or text == entry.msgid:
                continue
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|\{\w*\}", text):
                part = part.strip(" .,:;()«»")
                if len(part) >= 14 and " " in part:
                    fragments.add(part)
    return tuple(sorted(fragments))


def bokmal_in(text: str, content=()) -> list[str]:
    """Our bokmål texts found in a page or an e-mail that should be all English. ``content``:
    texts from the database (the jury's, the criteria), which stay as written."""
    plain = html.unescape(text)
    for written in content:
        plain = plain.replace(written, "")
    return [fragment for fragment in _bokmal_fragments() if fragment in plain]


@functools.cache
def _our_bokmal() -> re.Pattern:
    """Our bokmål translations, their placeholders standing for any value."""
    po = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / "django.po"))
    texts = {
        text
        for entry in po
        if not entry.obsolete and entry.msgid
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        # Not a text that is all placeholders but a word («%(names)s og %(last)s»): it would
        # match any text with the word in it, Django's own admin texts too.
        if text and len(re.sub(r"%\(\w+\)[sd]|\{\w*\}", "", text).strip()) > 3
    }
    patterns = [re.sub(r"%\\\(\w+\\\)[sd]|\\\{\w*\\\}", ".*?", re.escape(text)) for text in texts]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.S)


def our_fallbacks_in(text: str) -> list[str]:
    """Like `fallbacks_in`, but only our own texts: Django itself lacks nynorsk for a few of its
    admin's texts, and they fall back the same way."""
    return [shown for shown in fallbacks_in(text) if _our_bokmal().fullmatch(shown)]
