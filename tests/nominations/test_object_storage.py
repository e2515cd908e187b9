"""Attachments in a shared object store (S3-compatible, through django-storages), as several
app servers use it: stored as private objects under random names, and downloaded only through
the same access-checked view as local files, streamed by the app rather than handed out as an
address of the store. Runs against moto's S3 server on 127.0.0.1 (AWS_S3_ENDPOINT_URL); skipped
without one, except in CI, where a missing store fails (tests/object_store.py)."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nominations import personal_data
from nominations.models import Attachment
from tests import object_store

from .helpers import pdf_bytes, to_attachments

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings):
    """A fresh private bucket of the test's own, as the project's default storage."""
    name = f"afk-test-{uuid.uuid4().hex[:12]}"
    object_store.ensure_bucket(name)
    settings.STORAGES = {**settings.STORAGES, "default": object_store.storage_options(name)}
    return name


def stored_keys(bucket):
    listing = object_store.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_an_upload_is_a_private_object_in_the_store_under_a_random_name(bucket, clerk):
    to_attachments(clerk)
    content = pdf_bytes() + b"%" + b"x" * 300_000
    clerk.attachments([SimpleUploadedFile("vedtak.pdf", content)])
    item = Attachment.objects.get()

    assert stored_keys(bucket) == [item.file.name]
    assert "vedtak" not in item.file.name
    s3 = object_store.client()
    assert s3.get_object(Bucket=bucket, Key=item.file.name)["Body"].read() == content
    # Private: nobody but the owner is granted anything.
    grants = s3.get_object_acl(Bucket=bucket, Key=item.file.name)["Grants"]
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)
    assert not any("AllUsers" in g["Grantee"].get("URI", "") for g in grants)


def test_a_file_in_the_store_is_streamed_through_the_checked_view(bucket, clerk):
    to_attachments(clerk)
    content = pdf_bytes() + b"%" + b"y" * 200_000
    clerk.attachments([SimpleUploadedFile("plan.pdf", content)])
    item = Attachment.objects.get()

    response = clerk.client.get(f"/nominasjon/{clerk.token}/vedlegg/{item.token}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    # Another browser without the nomination's link gets nothing, and no address of the store.
    stranger = Client().get(f"/nominasjon/feil/vedlegg/{item.token}/")
    assert stranger.status_code == 404
    assert bucket not in stranger.content.decode()


def test_a_file_missing_from_the_store_is_not_found_rather_than_an_error(bucket, clerk):
    to_attachments(clerk)
    clerk.attachments([SimpleUploadedFile("plan.pdf", pdf_bytes())])
    item = Attachment.objects.get()
    object_store.client().delete_object(Bucket=bucket, Key=item.file.name)

    response = clerk.client.get(f"/nominasjon/{clerk.token}/vedlegg/{item.token}/")
    assert response.status_code == 404


def test_a_deleted_drafts_files_leave_the_store(bucket, clerk, django_capture_on_commit_callbacks):
    to_attachments(clerk)
    clerk.attachments(
        [SimpleUploadedFile("a.pdf", pdf_bytes()), SimpleUploadedFile("b.pdf", pdf_bytes())]
    )
    assert len(stored_keys(bucket)) == 2
    draft = Attachment.objects.first().nomination
    with django_capture_on_commit_callbacks(execute=True):
        personal_data._delete_drafts([draft])
    assert stored_keys(bucket) == []
    assert not Attachment.objects.exists()


def test_the_health_check_asks_the_bucket(bucket, settings):
    settings.HEALTH_TOKEN = "token-for-the-health-check-0123456789"
    bearer = {"Authorization": f"Bearer {settings.HEALTH_TOKEN}"}
    assert Client().get("/helse/", headers=bearer).json()["storage"].startswith("ok")

    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_store.storage_options(f"{bucket}-not-there"),
    }
    response = Client().get("/helse/", headers=bearer)
    assert response.status_code == 503 and response.json()["storage"].startswith("feil")
