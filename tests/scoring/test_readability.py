"""The LIX readability index (scoring/readability.py) on Norwegian texts counted by hand.

LIX = words / sentences + 100 × long words / words; a long word has more than six letters.
"""

import pytest
from django.utils import translation

from scoring.readability import readability, sentences


def close(expected):
    return pytest.approx(expected, abs=1e-9, rel=0)


@pytest.fixture(autouse=True)
def in_english():
    """The reading ("easy", "hard") in the msgids, whatever the Norwegian catalogue says."""
    with translation.override("en"):
        yield


def test_two_plain_sentences():
    text = "Kommunen har et frivillighetsråd. Rådet møtes fire ganger i året."
    # Sentence 1: Kommunen (8 letters, long), har, et, frivillighetsråd (16, long) → 4 words.
    # Sentence 2: Rådet, møtes, fire, ganger (6: not long), i, året → 6 words, none long.
    # 10 words, 2 sentences, 2 long: 10/2 + 100 × 2/10 = 5 + 20 = 25.
    measured = readability(text)
    assert (measured.words, measured.sentences, measured.long_words) == (10, 2, 2)
    assert measured.lix == close(25)
    assert measured.reading == "very easy"
    assert measured.within(25) and not measured.within(24.9)


def test_abbreviations_and_numbers():
    text = (
        "Juryen viser bl.a. Frivillighet Norge sin rapport fra 2022. "
        "Kommunen har f.eks. 50 000 innbyggere og 1,5 årsverk til frivillighet."
    )
    # "bl.a." never ends a sentence, even before a capital; "f.eks." is before a small letter.
    # Sentence 1: Juryen (6), viser, bl.a. (3 letters), Frivillighet (12, long), Norge, sin,
    #   rapport (7, long), fra, 2022 (no letters) → 9 words, 2 long.
    # Sentence 2: Kommunen (8, long), har, f.eks. (4), 50 000 (one number), innbyggere (10,
    #   long), og, 1,5, årsverk (7, long), til, frivillighet (12, long) → 10 words, 4 long.
    # 19 words, 2 sentences, 6 long: 19/2 + 100 × 6/19 = 9.5 + 31.578947… = 41.078947…
    measured = readability(text)
    assert (measured.words, measured.sentences, measured.long_words) == (19, 2, 6)
    assert measured.lix == close(19 / 2 + 600 / 19)
    assert measured.reading == "medium"
    assert measured.longest[0].text == (
        "Kommunen har f.eks. 50 000 innbyggere og 1,5 årsverk til frivillighet."
    )
    assert [s.words for s in measured.longest] == [10, 9]


def test_ordinals_colons_and_list_lines():
    text = (
        "Prisen deles ut 5. desember. Juryen la vekt på tre ting:\n"
        "- dialog med lagene\n"
        "\n"
        "- et aktivt frivillighetsråd"
    )
    # "5." before a small letter is an ordinal. Each line ends a sentence; the empty one counts
    # nothing, and the dashes are not words.
    # 1: Prisen (6), deles, ut, 5, desember (8, long) → 5 words, 1 long.
    # 2: Juryen, la, vekt, på, tre, ting → 6 words.
    # 3: dialog (6), med, lagene (6) → 3 words.
    # 4: et, aktivt (6), frivillighetsråd (16, long) → 3 words, 1 long.
    # 17 words, 4 sentences, 2 long: 17/4 + 100 × 2/17 = 4.25 + 11.764705… = 16.014705…
    measured = readability(text)
    assert (measured.words, measured.sentences, measured.long_words) == (17, 4, 2)
    assert measured.lix == close(17 / 4 + 200 / 17)
    # The three longest, longest first; of equals the first.
    assert [(s.text, s.words) for s in measured.longest] == [
        ("Juryen la vekt på tre ting:", 6),
        ("Prisen deles ut 5. desember.", 5),
        ("dialog med lagene", 3),
    ]


def test_what_ends_a_sentence():
    def count(text):
        return len(sentences(text))

    assert count("Juryen mener: Kommunen er best.") == 2  # a colon before a capital
    assert count("Tre ting: dialog, møter og planer.") == 1  # a colon before a list
    assert count("Se www.ks.no for mer. Eller ring.") == 2  # dots inside a word end nothing
    assert count("«Bra!» sa hun. Hva nå? Ja.") == 3  # a quoted exclamation goes on
    assert count("Vi har lag, kor osv. Alle er med.") == 2  # "osv." may end a sentence
    assert count("Møtet er kl. 18.30 i dag") == 1  # no end mark: one sentence
    assert count("Hei – og ha det") == 1


def test_hyphens_slashes_and_dashes():
    # "KS-kommunen" (10 letters, long) and "og/eller" (7, long) are one word each; the dash
    # standing alone is none. Words: Alle, KS-kommunen, og/eller, lag → 4, 2 long, 1 sentence:
    # 4/1 + 100 × 2/4 = 54.
    measured = readability("Alle KS-kommunen – og/eller lag.")
    assert (measured.words, measured.sentences, measured.long_words) == (4, 1, 2)
    assert measured.lix == close(54)
    assert measured.reading == "hard"


def test_an_empty_text_has_no_lix_and_is_not_within_any_target():
    for text in ("", "   \n\n", "– … !"):
        measured = readability(text)
        assert measured.lix is None
        assert measured.longest == ()
        assert not measured.within(100)
