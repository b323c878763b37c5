"""The testimony a transcript command works on."""

from django.core.management.base import CommandError

from memorial.testimonies.models import TestimonyPage


def get_testimony(page_id: int) -> TestimonyPage:
    page = TestimonyPage.objects.filter(pk=page_id).first()
    if page is None:
        raise CommandError(f"No testimony has the page id {page_id}.")
    return page
