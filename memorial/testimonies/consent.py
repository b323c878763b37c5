"""Acting on consent: a withdrawal takes the testimony down at once, whoever records it.

Admin views record the acting user (for the audit log) in `acting_user` around the save;
a save from anywhere else (shell, scripts) still withdraws, attributed to no one.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib import messages
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import redirect
from wagtail.signals import page_published

from memorial.core.lifecycle import withdraw

from .models import ConsentRecord, ConsentStatus, TestimonyPage

_acting_user: ContextVar = ContextVar("consent_acting_user", default=None)


@contextmanager
def acting_user(user):
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def consent_is_withdrawn(page) -> bool:
    return ConsentRecord.objects.filter(
        testimony_id=page.pk, status=ConsentStatus.WITHDRAWN
    ).exists()


@receiver(post_save, sender=ConsentRecord)
def act_on_withdrawal(sender, instance, **kwargs):
    if not instance.is_withdrawn:
        return
    page = TestimonyPage.objects.get(pk=instance.testimony_id)
    if page.live:
        withdraw(page, user=_acting_user.get(), reason=f"Consent record {instance.pk} withdrawn")


@receiver(page_published, sender=TestimonyPage)
def refuse_publishing_without_consent(sender, instance, **kwargs):
    """A safety net for every publishing path (scheduled, API, shell): undo at once."""
    if consent_is_withdrawn(instance):
        withdraw(instance, reason="Published while consent is withdrawn")


def withdrawn_among(pages) -> bool:
    return ConsentRecord.objects.filter(
        testimony__in=pages, status=ConsentStatus.WITHDRAWN
    ).exists()


def before_copy_page(request, page):
    """A copy has no consent record, so it could be published: refuse to copy a testimony
    whose narrator withdrew consent, or a section with one beneath it."""
    copies_subpages = request.method == "POST" and request.POST.get("copy_subpages")
    pages = page.get_descendants(inclusive=True) if copies_subpages else [page]
    if withdrawn_among(pages):
        messages.error(
            request,
            "This cannot be copied: a testimony in it has the narrator's consent recorded as "
            "withdrawn, and its copy would have no consent record to keep it unpublished.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


def before_publish_page(request, page):
    """In the admin, refuse to publish a testimony whose narrator withdrew consent."""
    if isinstance(page.specific_deferred, TestimonyPage) and consent_is_withdrawn(page):
        messages.error(
            request,
            "This testimony cannot be published: the narrator's consent is recorded as "
            "withdrawn. Change the consent record first if consent was given again.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
