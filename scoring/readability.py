"""How easy a Norwegian text is to read: the LIX index and the longest sentences.

LIX (Björnsson 1968) = words / sentences + 100 × long words / words, where a long word has more
than six letters. Below 30 is very easy, 30–40 easy (most newspapers), 40–50 medium (most official
texts), 50–60 hard, above 60 very hard. The jury's justification should not be harder to read than
the target the secretariat sets (Result.lix_target, 40 by default).

How a text is split, written down so that every figure can be checked by hand:

Words
  The text is cut at whitespace and at dashes set off by spaces ("dialog – og møter"). A piece is
  a word if it holds a letter or a digit; punctuation around it is not part of it. Hyphens,
  slashes, apostrophes and dots inside a piece keep it one word: "KS-kommunen", "og/eller",
  "f.eks." are one word each. A number is one word, also when written in groups of three digits
  ("50 000") or with a decimal comma ("1,5"). A word's length is its number of letters; digits and
  signs do not count: "f.eks." has 4 letters, "frivillighetsrådet" 18, "2024" none.

Sentences
  - "!" and "?" end a sentence.
  - "." and ":" (and "…") end a sentence when the next word does not start with a small letter,
    or when nothing follows on the line. Norwegian starts a sentence with a capital letter (or a
    number), so a full stop before a small letter belongs to an abbreviation ("f.eks. møter") or
    an ordinal ("5. desember"), and a colon before a small letter introduces a list.
  - After the abbreviations that never end a sentence (ABBREVIATIONS below, e.g. "bl.a.", "jf.",
    "ca."), a full stop ends nothing, even before a capital letter ("bl.a. Frivillighet Norge").
  - A mark ends nothing unless a space, a line break or the end of the text follows (closing
    quotes and brackets may come between): "0.5", "5.12.2024" and "www.ks.no" end nothing.
  - A line break ends a sentence, so each line of a list counts as one; empty lines count nothing.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LONG_WORD = 6  # a long word has more than this many letters

# Abbreviations whose full stop never ends a sentence, written lower-case as they are typed.
# Those that often end one ("osv.", "mv.", "m.m.", "o.l.") are left out: before a capital letter
# their full stop ends the sentence.
ABBREVIATIONS = frozenset(
    {
        "bl.a.",
        "ca.",
        "dvs.",
        "el.",
        "evt.",
        "f.eks.",
        "ift.",
        "iht.",
        "inkl.",
        "jf.",
        "jfr.",
        "kap.",
        "kl.",
        "mht.",
        "nr.",
        "pga.",
        "pkt.",
        "ref.",
        "st.meld.",
        "stk.",
        "t.o.m.",
        "f.o.m.",
        "vs.",
    }
)

OPENING = "\"'«“‘([{"
CLOSING = "\"'»”’)]}"
END_MARKS = ".!?:…"
# Groups of three digits after a number belong to it: "50 000", also with (narrow) no-break
# spaces. The space is swapped for a word joiner, which does not split, and back for display.
DIGIT_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
JOINER = "\u2060"
# A dash standing alone between spaces separates words, as a space does.
LONE_DASH = re.compile(r"(?<!\S)[-–—](?!\S)")

# The lowest LIX of each reading, from the hardest.
READINGS = (
    (60, _("very hard")),
    (50, _("hard")),
    (40, _("medium")),
    (30, _("easy")),
    (0, _("very easy")),
)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int
    longest: tuple[Sentence, ...]  # the three longest, longest first (the first of equals first)

    @property
    def lix(self) -> float | None:
        if not self.words:
            return None
        return self.words / self.sentences + 100 * self.long_words / self.words

    @property
    def reading(self) -> str:
        """A plain word for the LIX: very easy, easy, medium, hard, very hard."""
        if self.lix is None:
            return ""
        return next(str(label) for floor, label in READINGS if self.lix >= floor)

    def within(self, target: float) -> bool:
        """At or below the target; an empty text is not."""
        return self.lix is not None and self.lix <= target


def letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


def is_word(piece: str) -> bool:
    return any(char.isalnum() for char in piece)


def _ends_sentence(piece: str, following: str | None) -> bool:
    """Whether the piece ends its sentence, given the next piece on the same line (or None)."""
    core = piece.rstrip(CLOSING)
    if not core:
        return False
    if core[-1] not in END_MARKS:
        return False
    if following is None:
        return True
    if core[-1] == "." and core.lstrip(OPENING).casefold() in ABBREVIATIONS:
        return False
    start = following.lstrip(OPENING)[:1]
    return not (start.isalpha() and start.islower())


def sentences(text: str) -> list[list[str]]:
    """The text's sentences, each as its pieces (words and the signs between them)."""
    found = []
    for line in text.splitlines():
        line = LONE_DASH.sub(" ", DIGIT_GROUP.sub(JOINER, line))
        pieces = line.split()
        current = []
        for i, piece in enumerate(pieces):
            current.append(piece)
            following = pieces[i + 1] if i + 1 < len(pieces) else None
            if _ends_sentence(piece, following) or following is None:
                if any(is_word(p) for p in current):
                    found.append(current)
                current = []
    return found


def readability(text: str, longest: int = 3) -> Readability:
    split = sentences(text or "")
    words = [p for sentence in split for p in sentence if is_word(p)]
    ranked = sorted(enumerate(split), key=lambda item: (-sum(map(is_word, item[1])), item[0]))[
        :longest
    ]
    return Readability(
        words=len(words),
        sentences=len(split),
        long_words=sum(letters(w) > LONG_WORD for w in words),
        longest=tuple(
            Sentence(
                text=" ".join(sentence).replace(JOINER, " "), words=sum(map(is_word, sentence))
            )
            for _i, sentence in ranked
        ),
    )
