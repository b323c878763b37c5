import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from memorial.core.changes import renew_everything
from memorial.core.health import CACHE_ERRORS
from memorial.core.renewals import pay_owed_renewals
from memorial.records.oai.withdrawals import bring_ledger_up_to_date
from search.prepared import prepare_common_searches


class Command(BaseCommand):
    help = (
        "Answer the searches for the commonest surnames and the searches asked most ahead, "
        "so the first visitor after a publish does not wait for their facet counts. Does "
        "nothing when nothing they depend on has changed since the last preparation. It also "
        "brings OAI-PMH's ledger of withdrawn records up to date, so a harvester does not "
        "wait for it. With --every it keeps running and looks again after that many seconds "
        "(make serve runs it so)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--names",
            type=int,
            default=settings.SEARCH_PREPARED_NAMES,
            help="How many of the commonest family names (default: %(default)s).",
        )
        parser.add_argument(
            "--popular",
            type=int,
            default=settings.SEARCH_PREPARED_POPULAR,
            help="How many of the searches visitors asked most in the last week, too "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, looking for a change every SECONDS (default: once).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Prepare even if nothing has changed."
        )

    def handle(self, *args, names, popular, every, force, **options):
        if names < 0 or popular < 0 or every < 0:
            raise CommandError("--names, --popular and --every take a number of zero or more.")
        if names == 0 and popular == 0:
            self.stdout.write("Preparing no searches (--names 0 --popular 0).")
            return
        while True:
            self.prepare_once(names, popular, force)
            if not every:
                return
            force = False
            time.sleep(every)
            close_old_connections()  # a long-running process must not keep a broken one

    def prepare_once(self, names: int, popular: int, force: bool) -> None:
        try:
            if pay_owed_renewals(renew_everything):
                self.stdout.write("The cache answers again: every cached result was renewed.")
            done = prepare_common_searches(names, force=force, popular=popular)
            bring_ledger_up_to_date()
        # An outage must not stop the loop (nor, under make serve, the site); the next
        # round tries again.
        except DatabaseError as error:
            self.stderr.write(f"Searches not prepared, the database is unavailable: {error}")
            return
        except CACHE_ERRORS as error:
            self.stderr.write(f"Searches not prepared, the cache is unavailable: {error}")
            return
        if done is None:
            self.stdout.write("Nothing has changed since the searches were last prepared.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Prepared {done.searches} searches (the commonest surnames and the "
                    f"searches asked most) in {done.seconds:.1f} s."
                )
            )
