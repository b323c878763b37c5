"""Put a page in one of the states a public visitor must never see, the way the privacy
tests of every surface do."""

import datetime

from wagtail.models import PageViewRestriction

from memorial.core.changes import mark_archive_changed

FAR_FUTURE = datetime.date(2999, 1, 1)
HIDDEN_STATES = ["draft", "private", "researchers", "staff", "embargoed", "withdrawn"]


def hide(page, state):
    """`state` is one of HIDDEN_STATES ("withdrawn" only for a testimony); returns the page."""
    if state == "draft":
        page.unpublish()
    elif state == "private":
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    elif state in ("researchers", "staff"):
        type(page).objects.filter(pk=page.pk).update(access_level=state)
    elif state == "embargoed":
        type(page).objects.filter(pk=page.pk).update(embargo_until=FAR_FUTURE)
    elif state == "withdrawn":
        from memorial.testimonies.models import ConsentRecord

        ConsentRecord.objects.create(testimony=page, status="withdrawn")
    else:
        raise ValueError(f"not a hidden state: {state}")
    # What saving through the admin does by its signal; the updates above bypass it.
    mark_archive_changed()
    page.refresh_from_db()
    return page
