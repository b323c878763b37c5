from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memorial.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Back up the whole archive into DIR: the database as JSON Lines (database.jsonl), "
        "every stored file (media/, private/) and manifest.json with versions, migrations, "
        "row counts and a SHA-256 of every file. Restore with `manage.py restore DIR`."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A new or empty folder.")

    def handle(self, *args, directory, **options):
        try:
            write_backup(directory, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
