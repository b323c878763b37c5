from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memorial.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: check every checksum first, then "
        "migrate, load the rows, put the files back and compare everything with the "
        "manifest. Refuses a database that already holds data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A folder written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already holds data.",
        )

    def handle(self, *args, directory, force, **options):
        try:
            restore_backup(directory, force=force, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
