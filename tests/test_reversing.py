"""config.reversing.kept_reverse: the addresses reverse() gives, kept, and right under another
URL prefix as well."""

from django.urls import get_script_prefix, reverse, set_script_prefix

from config.reversing import kept_reverse


def test_a_kept_address_is_what_reverse_gives():
    assert kept_reverse("public:municipality", number="1812") == reverse(
        "public:municipality", args=["1812"]
    )
    assert kept_reverse("platforms:detail", slug="frivillighet-norge-ks") == (
        "/plattformer/frivillighet-norge-ks/"
    )


def test_a_site_under_another_prefix_gets_its_own_addresses():
    before = get_script_prefix()
    kept_reverse("public:municipality", number="1812")  # kept under the usual prefix first
    try:
        set_script_prefix("/kaaring/")
        assert kept_reverse("public:municipality", number="1812") == "/kaaring/kommuner/1812/"
    finally:
        set_script_prefix(before)
    assert kept_reverse("public:municipality", number="1812") == "/kommuner/1812/"
