"""Snippets that public pages show by name (places, keywords): changed, seen at once.

A snippet model opts in with `shown_on_pages = True`. Renaming or deleting one renews the
archive's tokens (memorial.core.changes: whole pages, fragments and search results are drawn
anew) and purges the pages that show it from a proxy (memorial.core.purging), with the
routed views that name it and that no reference index knows (`routes_showing`); other apps
follow `shown_snippet_changed` (OAI-PMH dates the records naming it).

Model signals, so every path does it once: the admin, a script or a shell (`Place.save()`,
`.delete()`). A caller that renews and purges by itself for several snippets at once (a
merge) saves and deletes them inside `renewed_by_caller`, so that nothing is purged twice.
A new snippet, or one saved unchanged, changes no cache: a new place is on no
public page before a page naming it is published, which renews them. Queryset updates and
bulk imports bypass signals; they call `mark_archive_changed()` themselves.
"""

from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver
from wagtail.models import get_page_models

from .changes import mark_archive_changed
from .purging import ids_of_pages_naming, proxy_configured, purge_what_shows_later

SHOWING_DELETED = "_what_shows_the_deleted_snippet"
CHANGED = "_shown_snippet_changed"
RENEWED_BY_CALLER = "_what_shows_it_is_renewed_by_the_caller"


def ids_of_pages_showing(instances) -> list[int]:
    """The pages that show these snippets; they are purged in the background with the pages
    above and naming them (memorial.core.purging.purge_what_shows_task)."""
    if not proxy_configured():
        return []
    return sorted({pk for item in instances for pk in ids_of_pages_naming(item)})


def routes_showing(instances) -> list[str]:
    """Addresses of routed views that show these snippets by name (the numbers page's map),
    from the live pages whose model declares `routes_showing(snippet)`."""
    if not proxy_configured():
        return []
    urls = []
    for model in get_page_models():
        if "routes_showing" not in vars(model):
            continue
        for page in model.objects.live():
            if parts := page.get_url_parts():
                address = parts[1] + parts[2]
                urls.extend(
                    address + route for item in instances for route in page.routes_showing(item)
                )
    return list(dict.fromkeys(urls))  # two snippets share routes (the map): each once


def renew_what_shows(page_ids, urls) -> None:
    mark_archive_changed()
    purge_what_shows_later(page_ids, urls)


# Sent with `instance` once a change to a shown snippet is saved, and before one is deleted
# (while what names it can still be found).
shown_snippet_changed = Signal()


def _is_shown(model) -> bool:
    return getattr(model, "shown_on_pages", False)


@contextmanager
def renewed_by_caller(*instances):
    """Saving or deleting these instances renews and purges nothing by itself: the caller
    does it once for all of them (`renew_what_shows`). A save still sends
    `shown_snippet_changed`; a deletion does not, the caller having sent it while what names
    the snippet could still be found."""
    for instance in instances:
        instance.__dict__[RENEWED_BY_CALLER] = True
    try:
        yield
    finally:
        for instance in instances:
            instance.__dict__.pop(RENEWED_BY_CALLER, None)


def _renewed_by_caller(instance) -> bool:
    return instance.__dict__.get(RENEWED_BY_CALLER, False)


@receiver(pre_save)
def _note_a_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _is_shown(sender) or instance.pk is None:
        return
    fields = [
        field.attname
        for field in sender._meta.concrete_fields
        if not field.primary_key and (update_fields is None or field.name in update_fields)
    ]
    before = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    changed = before is not None and any(before[name] != getattr(instance, name) for name in fields)
    instance.__dict__[CHANGED] = changed


@receiver(post_save)
def _renew_after_a_change(sender, instance, raw=False, **kwargs):
    if raw or not instance.__dict__.pop(CHANGED, False):
        return
    shown_snippet_changed.send(sender=sender, instance=instance)
    if not _renewed_by_caller(instance):
        renew_what_shows(ids_of_pages_showing([instance]), routes_showing([instance]))


@receiver(pre_delete)
def _note_what_shows_the_deleted(sender, instance, **kwargs):
    # Read while the reference index still names the snippet.
    if _is_shown(sender) and not _renewed_by_caller(instance):
        shown_snippet_changed.send(sender=sender, instance=instance)
        showing = (ids_of_pages_showing([instance]), routes_showing([instance]))
        instance.__dict__[SHOWING_DELETED] = showing


@receiver(post_delete)
def _renew_after_a_deletion(sender, instance, **kwargs):
    showing = instance.__dict__.pop(SHOWING_DELETED, None)
    if showing is not None:
        renew_what_shows(*showing)
