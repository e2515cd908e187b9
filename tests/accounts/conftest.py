import pytest

from accounts.testing import verified_device

from .helpers import PASSWORD


@pytest.fixture
def juror(django_user_model):
    """A juror who has set up the app: password and authenticator."""
    user = django_user_model.objects.create_user(
        "anne", password=PASSWORD, email="anne@example.org"
    )
    user.device = verified_device(user)
    return user


@pytest.fixture
def newcomer(django_user_model):
    """Has a password (from the invitation) but no second factor yet."""
    return django_user_model.objects.create_user("nils", password=PASSWORD)
