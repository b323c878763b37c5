"""The archive in numbers shows every public person and testimony: counted, on the map and
listed by place. A proxy keeps those addresses like any page (memorial.core.purging), so
opening or closing a person or a testimony purges them, as it purges the pages that name
the person: one who was closed must not be shown there either."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from memorial.core.lifecycle import embargo_lifted
from memorial.core.privacy import public_pages
from memorial.core.purging import proxy_configured, purge_urls
from memorial.entries.models import MemorialEntryPage
from memorial.testimonies.models import TestimonyPage

from .models import ArchiveNumbersPage


def numbers_addresses(page) -> list[str]:
    """The numbers page's addresses that show `page`: the charts, the map and, for a person,
    the lists of their places."""
    places = {getattr(page, field, None) for field in ("birth_place_id", "death_place_id")}
    urls = []
    for numbers in public_pages(ArchiveNumbersPage.objects.all()):
        if address := numbers.get_full_url():
            routes = numbers.routes_naming_places(sorted(places - {None}))
            urls += [address + route for route in routes]
    return urls


@receiver(page_published, sender=MemorialEntryPage)
@receiver(page_published, sender=TestimonyPage)
@receiver(page_unpublished, sender=MemorialEntryPage)
@receiver(page_unpublished, sender=TestimonyPage)
@receiver(embargo_lifted, sender=MemorialEntryPage)
@receiver(embargo_lifted, sender=TestimonyPage)
def purge_the_numbers(sender, instance=None, page=None, **kwargs):
    if proxy_configured():
        purge_urls(numbers_addresses(instance or page))
