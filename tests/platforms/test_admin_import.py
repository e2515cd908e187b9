"""The secretariat uploads a platform text in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platforms.importer import SHIPPED_TEXTS
from platforms.models import Clause, Platform

pytestmark = pytest.mark.django_db

URL = "/admin/platforms/platform/import/"


def upload(client, data, name="plattform.md"):
    return client.post(
        URL, {"source": SimpleUploadedFile(name, data, "text/markdown")}, follow=True
    )


def test_the_changelist_offers_the_import(admin_client):
    page = admin_client.get(reverse("admin:platforms_platform_changelist")).content.decode()
    assert URL in page


def test_uploading_a_platform_text_imports_it(admin_client):
    response = upload(admin_client, SHIPPED_TEXTS[0].read_bytes(), "frivillighet-norge-ks.md")
    assert response.status_code == 200
    platform = Platform.objects.get(slug="frivillighet-norge-ks")
    assert platform.source_name == "frivillighet-norge-ks.md"
    assert Clause.objects.filter(platform=platform, anchor="relasjonen-1f").exists()
    assert "importert" in response.content.decode()


def test_a_bad_upload_is_refused_beside_the_field_and_changes_nothing(admin_client):
    upload(admin_client, SHIPPED_TEXTS[0].read_bytes())
    before = list(Clause.objects.values_list("text", flat=True))
    broken = (
        SHIPPED_TEXTS[0]
        .read_text()
        .replace("2. Frivillig sektor bidrar", "1. Frivillig sektor bidrar")
    )
    response = upload(admin_client, broken.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in page
    assert "Linje" in page and "brukt to ganger" in page
    assert "Ingenting ble endret" in page
    assert list(Clause.objects.values_list("text", flat=True)) == before


def test_staff_without_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    response = client.post(
        URL, {"source": SimpleUploadedFile("x.md", SHIPPED_TEXTS[0].read_bytes())}
    )
    assert response.status_code in (302, 403)
    assert not Platform.objects.exists()
