from django.urls import path, reverse
from wagtail import hooks

from .files import admin_urls
from .files.visibility import refuse_hidden_document
from .translation import is_record
from .translation_views import TranslateEditorialPageView


@hooks.register("register_admin_urls")
def register_protected_file_admin_urls():
    return admin_urls.urlpatterns


hooks.register("before_serve_document", refuse_hidden_document)


# Ahead of simple_translation's own URLs, so its address reaches the view that refuses
# records (memorial.core.translation).
@hooks.register("register_admin_urls", order=-1)
def register_translation_admin_urls():
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            TranslateEditorialPageView.as_view(),
            name="translate_editorial_page",
        )
    ]


@hooks.register("construct_page_listing_buttons")
def hide_translate_on_records(buttons, page, user, context=None):
    if not is_record(page):
        return
    refused = reverse("simple_translation:submit_page_translation", args=[page.pk])
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons[:] = [b for b in button.dropdown_buttons if b.url != refused]
    buttons[:] = [b for b in buttons if getattr(b, "url", None) != refused]
