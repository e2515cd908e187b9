import pytest


@pytest.fixture
def award_platform(db):
    """The Frivillighet Norge–KS platform, imported from the file that ships with the project."""
    from platforms.importer import SHIPPED_TEXTS, import_platform_bytes

    return import_platform_bytes(SHIPPED_TEXTS[0].read_bytes(), SHIPPED_TEXTS[0].name).platform
