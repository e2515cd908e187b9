"""The nomination tests' clerks: people filling the form through the test client."""

import pytest

from .helpers import Clerk


@pytest.fixture
def clerk(client, open_cycle, django_capture_on_commit_callbacks):
    """Someone nominating in this year's open call, each request committed as in production."""
    return Clerk(client, open_cycle, django_capture_on_commit_callbacks)


@pytest.fixture
def another_clerk(open_cycle, django_capture_on_commit_callbacks):
    """Someone else, in another browser."""
    from django.test import Client

    return lambda: Clerk(Client(), open_cycle, django_capture_on_commit_callbacks)
