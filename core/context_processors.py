from django.conf import settings


def site(request):
    """What every page's layout needs from the settings: whether this is a demo installation."""
    return {"demo_mode": settings.DEMO_MODE}
