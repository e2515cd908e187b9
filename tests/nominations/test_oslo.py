"""Oslo is nominated once, as the municipality 0301: «Oslo fylkeskommune» does not exist (#18)."""

import pytest
from django.core.management import call_command

from nominations.models import Municipality, Nomination

from .helpers import municipality

pytestmark = pytest.mark.django_db


def test_the_register_import_marks_oslo_county_as_not_nominable(db, capsys):
    call_command("import_municipalities")
    capsys.readouterr()
    counties = Municipality.objects.fylkeskommuner().filter(number="03")
    assert counties.exists()  # still the county 0301 lies in
    assert not any(county.is_nominable for county in counties)
    assert all(m.is_nominable for m in Municipality.objects.filter(number="0301"))
    assert Municipality.objects.fylkeskommuner().filter(number="50", is_nominable=True).exists()


def test_the_form_offers_oslo_once_as_the_municipality(clerk):
    page = clerk.client.get("/arets-frivillighetskommune/nominer/ny/").content.decode()
    assert "Oslo (0301)" in page
    assert "Oslo (03)" not in page
    assert "Velg en kommune eller fylkeskommune" in page
    assert "Trøndelag - Trööndelage (50)" in page or "(50)</option>" in page


def test_the_form_refuses_oslo_county_next_to_the_field(clerk):
    oslo_county = municipality("03", clerk.cycle.year)
    response = clerk.post("kandidat", {"municipality": oslo_county.pk})
    assert response.status_code == 200
    assert "Den kommunen kan ikke nomineres i år" in response.content.decode()
    assert not Nomination.objects.exists()


def test_oslo_county_has_no_page_of_its_own(client, register):
    response = client.get("/kommuner/03/")
    assert response.status_code == 301
    assert response["Location"] == "/kommuner/0301/"
