"""Access over time: embargoes that lift on their date, and consent that is withdrawn.

An expired embargo is already open on the fly (memorial.core.privacy compares the date
with today); `lift_expired_embargoes` makes it final: clears the date, records it in the
audit log, refreshes the search index and purges from front-end caches the page and the
pages that show it (memorial.core.purging), as publishing it would.
"""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import purge_page_from_cache
from wagtail.log_actions import log
from wagtail.search import index

from .changes import mark_archive_changed
from .privacy import access_controlled_models
from .purging import purge_with_related

EMBARGO_LIFTED = "memorial.embargo_lifted"
CONSENT_WITHDRAWN = "memorial.consent_withdrawn"

# Sent with `page` when its embargo is lifted: the page opens without being published, so
# what dates records by their publication must hear of it (memorial.records.oai.openings).
embargo_lifted = Signal()


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
        if dry_run:
            lifted.append(LiftedEmbargo(page, page.embargo_until))
            continue
        ended = page.embargo_until
        with transaction.atomic():
            # Only the date that was selected: an archivist may have set another since
            # (the pages before this one take their time), and that one stands.
            still_expired = type(page).objects.filter(pk=page.pk, embargo_until=ended)
            if not still_expired.update(embargo_until=None):
                continue
            # As it is now (an archivist may have published it meanwhile): its latest
            # revision, and what the search index and the cache purge are given below.
            page.refresh_from_db()
            _clear_in_latest_revision(page, ended)
            log(instance=page, action=EMBARGO_LIFTED, data={"embargo_until": ended.isoformat()})
            embargo_lifted.send(sender=type(page), page=page)
        lifted.append(LiftedEmbargo(page, ended))
        mark_archive_changed()
        index.insert_or_update_object(page)
        if page.live:
            purge_with_related(page)
    return lifted


def _clear_in_latest_revision(page, embargo_until) -> None:
    """A page with a draft is edited from its latest revision: still holding the date, the
    draft would show the embargo as set, and publishing it would bring the date back to be
    lifted (and logged) again. A draft that sets another date keeps it."""
    revision = page.latest_revision
    if revision is not None and revision.content.get("embargo_until") == (
        embargo_until.isoformat()
    ):
        revision.content["embargo_until"] = None
        revision.save(update_fields=["content"])


def withdraw(page, user=None, reason=""):
    """Consent withdrawn: unpublish, drop from the search index and caches, audit it."""
    with transaction.atomic():
        if page.live:
            page.unpublish(user=user, log_action=True)
        log(instance=page, action=CONSENT_WITHDRAWN, user=user, data={"reason": reason})
    index.remove_object(page)
    purge_page_from_cache(page)
