"""Admin hooks for importing a testimony's transcript from a WebVTT or SRT file."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from .models import TestimonyPage
from .transcripts import admin_views

BUTTON_LABEL = "Import transcript"


@hooks.register("register_admin_urls")
def register_transcript_import_url():
    return [
        path(
            "testimonies/<int:page_id>/transcript/",
            admin_views.import_transcript,
            name="testimony_transcript_import",
        )
    ]


def _import_button(page, user, priority):
    page_class = page.specific_class or type(page)
    if not issubclass(page_class, TestimonyPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        BUTTON_LABEL,
        reverse("testimony_transcript_import", args=[page.pk]),
        icon_name="upload",
        attrs={"title": "Import the transcript from a WebVTT or SRT file"},
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def transcript_header_button(page, user, view_name, next_url=None):
    yield from _import_button(page, user, priority=40)


@hooks.register("register_page_listing_more_buttons")
def transcript_listing_button(page, user, next_url=None):
    yield from _import_button(page, user, priority=25)
