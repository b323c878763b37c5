import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "memorial-demo"


class Command(BaseCommand):
    help = (
        "Create the demo administrator account if it does not exist (for `make run`). "
        "Refuses to run with DEBUG off, so it never lands in production by accident."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=DEFAULT_USERNAME)
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_ADMIN_PASSWORD", DEFAULT_PASSWORD),
            help="Defaults to $DEMO_ADMIN_PASSWORD, else the password in the README.",
        )

    def handle(self, *args, username, password, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin is for development only (DEBUG is off).")
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"Demo admin '{username}' already exists; left unchanged.")
            return
        user_model.objects.create_superuser(
            username=username, email=f"{username}@example.invalid", password=password
        )
        self.stdout.write(self.style.SUCCESS(f"Created demo admin '{username}'."))
