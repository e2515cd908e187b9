"""The S3-compatible store the multi-server settings use: in tests, moto's standalone server on
127.0.0.1 (`moto_server -H 127.0.0.1 -p PORT`, started by .ci/run), never a mock inside the
test process."""

import os

import pytest

HOW_TO_GET_AN_OBJECT_STORE = (
    "Set AWS_S3_ENDPOINT_URL to an S3-compatible server on this machine, e.g. "
    "`.venv/bin/moto_server -H 127.0.0.1 -p 9000` and AWS_S3_ENDPOINT_URL=http://127.0.0.1:9000 "
    "(with AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test)."
)


def endpoint() -> str:
    """The store's address; skips the test where there is none, except in CI (CI=true), where a
    missing store fails it."""
    url = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    if not url:
        message = f"No object store to test against. {HOW_TO_GET_AN_OBJECT_STORE}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def client():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint(),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
        region_name=os.environ.get("AWS_S3_REGION_NAME") or "us-east-1",
    )


def ensure_bucket(name: str) -> None:
    s3 = client()
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if name not in existing:
        s3.create_bucket(Bucket=name)


def storage_options(bucket: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint(),
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", "test"),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or "us-east-1",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
