"""Which pages are translated.

Editorial pages (the home page, a collection's introduction, standard pages, the numbers)
are translated with Wagtail's simple_translation. Records (a person, a testimony, a gallery,
a family's remembrance) are kept once, in the default language's tree, and read in every
language with the interface translated (`BasePage.route_to_default_locale`). A translated
copy of a record would be a second record of the same person: a second permanent
identifier, and a second hit in search, the API, OAI-PMH, the exports and the numbers.

So a record page type sets `is_record = True`, and then:
- translation refuses it (`memorial.core.translation_views`), and translating a collection
  with its subtree copies only the editorial pages beneath it;
- it can be created only under a page in the default language;
- a translated collection lists the records of the collection it translates
  (`BasePage.record_collection`).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Page
from wagtail.signals import copy_for_translation_done


class RecordNotTranslatable(Exception):
    """Raised when code asks for a translated copy of a record page."""


def is_record(page) -> bool:
    return bool(getattr(page.specific_class or type(page), "is_record", False))


def record_page_models() -> list[type[Page]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "is_record", False)
    ]


def record_content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*record_page_models()).values())


class CopyEditorialPagesForTranslation(CopyPageForTranslationAction):
    """Wagtail's translation copy, except that a subtree brings only its editorial pages:
    record pages, and everything beneath them, stay where they are."""

    def check(self, skip_permission_checks=False):
        if is_record(self.page):
            raise RecordNotTranslatable(self.page.get_admin_display_title())
        super().check(skip_permission_checks=skip_permission_checks)

    def walk(self, current_page):
        records = record_content_types()
        for child_page in current_page.get_children().exclude(content_type__in=records):
            translated_page = self._copy_for_translation(
                child_page if child_page.live else child_page.get_latest_revision_as_object(),
                self.locale,
                self.copy_parents,
                self.alias,
                self.exclude_fields,
            )
            copy_for_translation_done.send(
                sender=self.__class__, source_obj=child_page.specific, target_obj=translated_page
            )
            self.walk(child_page)


def editorial_descendants(page):
    """The pages a subtree translation of `page` copies. Only records are allowed beneath a
    record (`subpage_types`), so leaving out record types leaves out their subtrees too."""
    return page.get_descendants().exclude(content_type__in=record_content_types())
