import pytest
from django.contrib.auth.models import Group, Permission

from accounts.testing import verified_device
from tests.scoring.conftest import jury, jury_cycle  # noqa: F401  (fixtures)


@pytest.fixture
def juror(django_user_model):
    """A juror who has set up the app: password and authenticator."""
    user = django_user_model.objects.create_user(
        "anne", password="Langt passord 2026", email="anne@example.org"
    )
    user.device = verified_device(user)
    return user


@pytest.fixture
def newcomer(django_user_model):
    """Has a password (from the invitation) but no second factor yet."""
    return django_user_model.objects.create_user("nils", password="Langt passord 2026")


@pytest.fixture
def secretariat(django_user_model):
    """Staff in a group with the demo secretariat's rights (axes' lockouts included)."""
    group = Group.objects.create(name="Sekretariat")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["platforms", "nominations", "scoring", "axes"]
        )
    )
    user = django_user_model.objects.create_user("sekretariat", password="pw", is_staff=True)
    user.groups.add(group)
    return user
