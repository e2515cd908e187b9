from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load what a new installation needs: the shipped platform texts (and, with the later "
        "apps, the municipality register and the demo). Safe to run again: it updates in place."
    )

    def handle(self, *args, **options):
        call_command("import_platform", shipped=True, stdout=self.stdout, stderr=self.stderr)
