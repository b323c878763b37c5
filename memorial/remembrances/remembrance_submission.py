"""Turn a valid remembrance form into a draft page in moderation, and tell the people concerned.

Everything is stored in one transaction: the private Submission, the photographs, the draft
RemembrancePage under the entry and its workflow state. Either all of it exists or none.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from memorial.core.names import TITLE_LENGTH, fit_title
from memorial.core.orderable import in_order

from .family_photos import SubmissionPhotos
from .forms import RemembranceForm
from .models import RemembrancePage, RemembrancePhoto, Submission, SubmissionKind
from .moderation import moderator_addresses, send_for_moderation
from .sent_once import store_once

logger = logging.getLogger(__name__)

PHOTO_TITLE = "Photograph from a family submission"
_ADD_CHILD_ATTEMPTS = 3


def create_remembrance(entry, form: RemembranceForm) -> Submission:
    """Store a valid form as a Submission and a draft RemembrancePage in moderation, or raise
    AlreadyReceived when the same form was stored already."""
    return store_once(lambda: _store_remembrance(entry, form), form.token)


def _store_remembrance(entry, form: RemembranceForm) -> Submission:
    data = form.cleaned_data
    with SubmissionPhotos() as stored, transaction.atomic():
        submission = Submission.record(
            SubmissionKind.REMEMBRANCE,
            data,
            may_publish_text=data["may_publish_text"],
            may_publish_photos=data["may_publish_photos"],
            upload_token=form.token,
        )
        photos = []
        for shared in form.photos:
            image = stored.save(
                submission, shared.image, title=PHOTO_TITLE, description=shared.alt_text
            )
            photos.append((image, shared))
        page = RemembrancePage(
            title=_title_for(entry),
            slug=f"remembrance-{submission.reference.hex[:12]}",
            shown_name=data["shown_name"],
            relationship=data["relationship"],
            text=data["text"],
            live=False,
        )
        # Photographs the submitter did not allow to be published stay in the
        # collection for moderators, attached to nothing public.
        if data["may_publish_photos"]:
            page.photos = in_order(
                RemembrancePhoto(image=image, caption=shared.caption, alt_text=shared.alt_text)
                for image, shared in photos
            )
        _add_child(entry, page)
        send_for_moderation(page, submission)
    return submission


def _title_for(entry) -> str:
    earlier = RemembrancePage.objects.child_of(entry).count()
    number = f" ({earlier + 1})" if earlier else ""
    return fit_title(f"Remembrance of {entry.title}", TITLE_LENGTH - len(number)) + number


def _add_child(entry, page) -> None:
    """Add the page under the entry; a sibling added at the same moment may take its tree
    position first, so read the entry again and retry."""
    for attempt in range(_ADD_CHILD_ATTEMPTS):
        parent = type(entry).objects.get(pk=entry.pk)
        try:
            with transaction.atomic():
                parent.add_child(instance=page)
            return
        except IntegrityError:
            if attempt == _ADD_CHILD_ATTEMPTS - 1:
                raise
            page.pk = page.id = page.page_ptr_id = None


# --- Mail ----------------------------------------------------------------------------------


def admin_edit_url(page) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[page.pk])


def send_remembrance_mails(entry, submission: Submission, photo_count: int) -> None:
    """A receipt to the submitter and a note to each moderator (plain text, one each).

    A mail failure is logged, not raised: the remembrance is stored, and a server error would
    tell the family it was lost, so that they send it again.
    """
    context = {
        "submission": submission,
        "entry": entry,
        "photo_count": photo_count,
        "edit_url": admin_edit_url(submission.page),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    receipt = _message("receipt", context, [submission.email])
    notes = [_message("moderators", context, [address]) for address in moderator_addresses()]
    try:
        get_connection().send_messages([receipt, *notes])
    except Exception:
        logger.exception("Could not send the mails for remembrance %s", submission.pk)


def _message(name: str, context: dict, to: list[str]) -> EmailMessage:
    subject = render_to_string(f"remembrances/email/{name}_subject.txt", context)
    body = render_to_string(f"remembrances/email/{name}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to)
