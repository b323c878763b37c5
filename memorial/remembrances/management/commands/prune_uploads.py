from django.conf import settings
from django.core.management.base import BaseCommand

from memorial.remembrances import upload_store


class Command(BaseCommand):
    help = (
        "Delete photographs kept for forms that came back with an error and were never sent "
        "again (older than FORM_MAX_AGE_SECONDS, a day by default). Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Age in seconds (default: FORM_MAX_AGE_SECONDS).",
        )

    def handle(self, *args, **options):
        age = options["older_than"]
        if age is None:
            age = getattr(settings, "FORM_MAX_AGE_SECONDS", upload_store.DEFAULT_MAX_AGE_SECONDS)
        removed = upload_store.prune(age)
        self.stdout.write(f"Deleted {removed} folders of kept photographs older than {age} s.")
