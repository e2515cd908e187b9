from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load what a new installation needs: the shipped platform texts and the municipality "
        "register; with --demo also the demo cycles and demo accounts (never in "
        "production). Safe to run again: it updates in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Also load the demo cycles and demo accounts."
        )

    def handle(self, *args, demo, **options):
        call_command("import_platform", shipped=True, stdout=self.stdout, stderr=self.stderr)
        call_command("import_municipalities", stdout=self.stdout, stderr=self.stderr)
        from nominations.defaults import ensure_award

        ensure_award()
        if demo:
            from accounts.demo import give_demo_authenticators
            from nominations.demo import load_demo
            from scoring.demo import load_jury_demo

            loaded = load_demo()
            jurors = load_jury_demo(loaded)
            give_demo_authenticators(name for name, _pw, _role in loaded["accounts"] + jurors)
            cycles = ("open", "jury", "deliberation", "announced")
            self.stdout.write(
                "Demo: "
                + ", ".join(f"{loaded[r]} ({loaded[r].get_phase_display()})" for r in cycles)
                + "."
            )
            if not settings.DEMO_MODE:
                self.stdout.write(
                    "  DEMO_MODE is off: set DEMO_MODE=1 to mark every page as a demo "
                    "(make run does)."
                )
            for username, password, role in loaded["accounts"] + jurors:
                self.stdout.write(f"  {username} / {password}: {role}")
            self.stdout.write(
                "  Second step: the code from an authenticator app set up with the key "
                "in README.md, or `make demo-code`."
            )
