"""What a change makes stale in a front-end proxy, and purging it there.

Shared caches keep a public page for PUBLIC_PAGE_CACHE_SECONDS (memorial.core.caching).
Wagtail purges a page's own address when it is published or unpublished. That is not all
that shows it: every page is read under each language prefix (/az/…, /ru/…), a person is
named on their collection's listing, the home page, the testimonies that mention them, the
galleries that show them and their relatives' pages, and a view restriction closes a whole
section without publishing anything. So, when a proxy is configured (WAGTAILFRONTENDCACHE):

- publishing or unpublishing a page purges it under every prefix, the pages above it, the
  pages that name it and the pages it names (Wagtail's reference index: a person's page
  shows the testimonies, galleries and relatives that name the person) and its
  translations, whose language links name it;
- adding or removing a view restriction purges the same for the restricted page, and every
  page beneath it in a background task (a collection may hold a million people);
- moving a page purges it, at its old address and its new one, with the pages above each
  (the listing it left, the one it joined), and the old address of every page beneath it
  in a background task (moved into a closed section, none may still be served there);
- with a page go the addresses beside it that show it (an entry's /e/<id>/preview.png);
- an image or document edited (moved into a private collection, replaced) or deleted
  purges the pages that show or link it, with the pages above them, in a background task
  (a photograph may be on thousands of pages).

Addresses with a query (`?page=2`, `?letter=z`) cannot be named one by one; a proxy keeps
them PUBLIC_PAGE_CACHE_SECONDS at most.
"""

import copy
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

from .changes import shown_file_kinds, shown_file_may_change
from .i18n import prefixed_languages, with_language_prefix

DESCENDANTS_PER_BATCH = 500


def proxy_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def in_every_language(urls: list[str]) -> list[str]:
    """Each address, and the same address under every language prefix."""
    found = dict.fromkeys(urls)
    for url in urls:
        parts = urlsplit(url)
        for language in prefixed_languages():
            path = with_language_prefix(parts.path, language)
            found[urlunsplit(parts._replace(path=path))] = None
    return list(found)


def pages_naming(page) -> list[Page]:
    """Live pages whose fields or inline rows refer to `page`, or to any other object
    (an image, a document): Wagtail's reference index."""
    return list(Page.objects.filter(pk__in=ids_of_pages_naming(page)).live())


def ids_of_pages_naming(instance) -> list[int]:
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return [int(pk) for pk in ids]


def pages_named_by(page) -> list[Page]:
    """Live pages that `page`'s fields or inline rows refer to. They show it back from its
    rows: a person's page lists the testimonies that mention them, the galleries that show
    them and the relatives who name them."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = {
        int(pk)
        for pk in ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=page_type)
        .values_list("to_object_id", flat=True)
    }
    # What the index does not follow (a many-to-many in an inline row), the page names.
    ids.update(getattr(page, "page_ids_named_beyond_references", list)())
    return list(Page.objects.filter(pk__in=ids).live())


def related_pages(page) -> list[Page]:
    """The page, the pages above it (below the tree's root), the pages that name it and the
    pages it names."""
    above = page.get_ancestors().filter(depth__gt=1)
    return [page, *above, *pages_naming(page), *pages_named_by(page)]


def addresses_beside(pages) -> list[str]:
    """Full addresses outside the pages' own that show them (`paths_beside_the_page`).

    Only specific pages name them; the generic pages above or naming a page show others.
    """
    urls = []
    for page in pages:
        paths = getattr(page, "paths_beside_the_page", list)()
        if paths and (parts := page.get_url_parts()):
            urls.extend(parts[1] + path for path in paths)
    return urls


def purge_pages(pages) -> None:
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.add_urls(in_every_language(sorted(batch.urls)))
    batch.add_urls(addresses_beside(pages))
    batch.purge()


def purge_urls(urls: list[str]) -> None:
    batch = PurgeBatch()
    batch.add_urls(in_every_language(urls))
    batch.purge()


def purge_with_related(page) -> None:
    if proxy_configured():
        purge_pages(related_pages(page))


def other_language_versions(page) -> list[Page]:
    """The page's live translations: each links every language the page is in."""
    return list(page.get_translations().live().specific())


@task()
def purge_section_task(page_id: int) -> int:
    """Purge every page beneath a page whose view restriction changed; returns how many."""
    purged = 0
    beneath = Page.objects.filter(pk=page_id).first()
    if beneath is None:
        return 0
    descendants = beneath.get_descendants().order_by("path").specific()
    for start in range(0, descendants.count(), DESCENDANTS_PER_BATCH):
        chunk = list(descendants[start : start + DESCENDANTS_PER_BATCH])
        purge_pages(chunk)
        purged += len(chunk)
    return purged


@task()
def purge_what_shows_task(page_ids: list[int], urls: list[str]) -> int:
    """Purge the live pages with these ids, with the pages above and naming each, and
    `urls`; returns how many pages. A place or an image may be shown on thousands of pages:
    working out their addresses is no work for the admin's request."""
    purge_urls(urls)
    pages = Page.objects.filter(pk__in=page_ids).live().order_by("path").specific()
    purged = 0
    for start in range(0, len(page_ids), DESCENDANTS_PER_BATCH):
        chunk = list(pages[start : start + DESCENDANTS_PER_BATCH])
        purge_pages([shown for page in chunk for shown in related_pages(page)])
        purged += len(chunk)
    return purged


def purge_what_shows_later(page_ids: list[int], urls: list[str] = ()) -> None:
    """Purge the pages with these ids (see purge_what_shows_task) once committed."""
    if page_ids or urls:
        page_ids, urls = list(page_ids), list(urls)
        transaction.on_commit(lambda: purge_what_shows_task.enqueue(page_ids, urls))


@receiver(page_published)
@receiver(page_unpublished)
def _purge_what_shows_the_page(sender, instance, **kwargs):
    if proxy_configured():
        purge_pages([*related_pages(instance), *other_language_versions(instance)])


@receiver(post_save)
@receiver(pre_delete)  # before the reference index forgets who showed it
def _purge_the_pages_showing_a_file(sender, instance, signal=None, **kwargs):
    if not proxy_configured() or not isinstance(instance, shown_file_kinds()):
        return
    if signal is post_save and not shown_file_may_change(
        kwargs.get("update_fields"), kwargs.get("created", False)
    ):
        return
    purge_what_shows_later(ids_of_pages_naming(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _purge_the_section(sender, instance, **kwargs):
    if not proxy_configured():
        return
    page = Page.objects.filter(pk=instance.page_id).specific().first()
    if page is None:
        return
    purge_with_related(page)  # specific: its addresses beside (a person's preview picture)
    transaction.on_commit(lambda: purge_section_task.enqueue(page.pk))


def address_at(page, url_path: str) -> str | None:
    """The full address `page` had when its url_path was `url_path`."""
    then = copy.copy(page)
    then.url_path = url_path
    parts = then.get_url_parts()
    return parts[1] + parts[2] if parts else None


@task()
def purge_moved_section_task(page_id: int, old_address: str, new_address: str) -> int:
    """Purge the old address of every page beneath a moved page; returns how many."""
    purged = 0
    moved = Page.objects.filter(pk=page_id).first()
    if moved is None:
        return 0
    descendants = moved.get_descendants().order_by("path")
    for start in range(0, descendants.count(), DESCENDANTS_PER_BATCH):
        urls = []
        for page in descendants[start : start + DESCENDANTS_PER_BATCH]:
            parts = page.get_url_parts()
            address = parts[1] + parts[2] if parts else ""
            if address.startswith(new_address):
                urls.append(old_address + address[len(new_address) :])
        purge_urls(urls)
        purged += len(urls)
    return purged


@receiver(post_page_move)
def _purge_where_the_page_was(sender, instance, parent_page_before, url_path_before, **kwargs):
    if not proxy_configured():
        return
    page = instance.specific
    old_address, new_address = address_at(page, url_path_before), address_at(page, page.url_path)
    purge_pages([*related_pages(page), *related_pages(parent_page_before.specific)])
    if old_address and new_address and old_address != new_address:
        purge_urls([old_address])
        if page.get_children().exists():
            transaction.on_commit(
                lambda: purge_moved_section_task.enqueue(page.pk, old_address, new_address)
            )
