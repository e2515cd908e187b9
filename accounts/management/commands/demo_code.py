from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_devices
from accounts.testing import current_code


class Command(BaseCommand):
    help = (
        "Print the current login code of the demo accounts (bootstrap --demo), for trying the "
        "demo without an authenticator app. Only with DEBUG on: never a shortcut in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Only this demo account.")

    def handle(self, *args, username=None, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code works only with DEBUG=1, on a demo installation.")
        devices = demo_devices().order_by("user__username")
        if username:
            devices = devices.filter(user__username=username)
        devices = list(devices)
        if not devices:
            raise CommandError(
                "No demo account with the demo authenticator"
                + (f" is called {username!r}." if username else ": run bootstrap --demo.")
            )
        for device in devices:
            self.stdout.write(f"{device.user.get_username()}: {current_code(device)}")
