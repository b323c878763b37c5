"""Access over time: embargoes that lift on their date, and consent that is withdrawn.

An expired embargo is already open on the fly (memorial.core.privacy compares the date
with today); `lift_expired_embargoes` makes it final: clears the date, records it in the
audit log, refreshes the search index and purges the page from front-end caches.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import purge_page_from_cache
from wagtail.log_actions import log
from wagtail.search import index

from .changes import mark_archive_changed
from .privacy import access_controlled_models

EMBARGO_LIFTED = "memorial.embargo_lifted"
CONSENT_WITHDRAWN = "memorial.consent_withdrawn"


@dataclass
class LiftedEmbargo:
    page: object
    embargo_until: object


def expired_embargoes(today=None):
    today = today or timezone.localdate()
    for model in access_controlled_models():
        yield from model.objects.filter(embargo_until__lte=today).order_by("path")


def lift_expired_embargoes(today=None, dry_run=False) -> list[LiftedEmbargo]:
    """Clear every embargo whose date has come; one audit-log entry per page."""
    lifted = []
    for page in expired_embargoes(today):
        lifted.append(LiftedEmbargo(page, page.embargo_until))
        if dry_run:
            continue
        with transaction.atomic():
            type(page).objects.filter(pk=page.pk).update(embargo_until=None)
            log(
                instance=page,
                action=EMBARGO_LIFTED,
                data={"embargo_until": page.embargo_until.isoformat()},
            )
        page.embargo_until = None
        mark_archive_changed()
        index.insert_or_update_object(page)
        if page.live:
            purge_page_from_cache(page)
    return lifted


def withdraw(page, user=None, reason=""):
    """Consent withdrawn: unpublish, drop from the search index and caches, audit it."""
    with transaction.atomic():
        if page.live:
            page.unpublish(user=user, log_action=True)
        log(instance=page, action=CONSENT_WITHDRAWN, user=user, data={"reason": reason})
    index.remove_object(page)
    purge_page_from_cache(page)
