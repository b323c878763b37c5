from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from memorial.core.site_address import configured_address, set_default_site_address


class Command(BaseCommand):
    help = (
        "Give the default site the address in WAGTAILADMIN_BASE_URL, so canonical links, the "
        "sitemap and proxy purges name the archive's real host. A site still at Wagtail's "
        "placeholder (localhost, port 80) is set; one addressed otherwise in the admin is "
        "left as it is unless --replace is given. `make serve` runs it after migrating."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Also replace an address an administrator set in Settings > Sites.",
        )

    def handle(self, *args, replace=False, **options):
        try:
            had, changed = set_default_site_address(replace=replace)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        except Site.DoesNotExist as error:
            raise CommandError(
                "There is no default site; run `manage.py migrate` first."
            ) from error
        if changed:
            self.stdout.write(
                self.style.SUCCESS(f"The site's address is now {configured_address()} (was {had}).")
            )
        elif had == configured_address():
            self.stdout.write(f"The site's address is already {had}.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"The site's address stays {had}, as set in the admin; WAGTAILADMIN_BASE_URL "
                    f"says {configured_address()}. Run with --replace to use the latter."
                )
            )
