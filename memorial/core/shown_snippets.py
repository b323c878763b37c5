"""Snippets that public pages show by name (places, keywords): edited in the admin, seen at once.

A snippet model opts in with `shown_on_pages = True`. Renaming or deleting one in the admin
renews the archive's tokens (memorial.core.changes: whole pages, fragments and search
results are drawn anew) and purges the pages that show it from a proxy (memorial.core.purging),
with the routed views that name it and that no reference index knows (`routes_showing`).

Only the admin's edits, through Wagtail's snippet hooks: any other save leaves the caches
alone. A family's proposed name creates places, and a public form that could renew the
tokens could empty the cache; a new place is on no public page before a page naming it is
published, which renews them.
"""

from wagtail.models import get_page_models

from .changes import mark_archive_changed
from .purging import ids_of_pages_naming, proxy_configured, purge_what_shows_later

SHOWING_DELETED = "_what_shows_deleted_snippets"


def shown_on_pages(instances) -> list:
    return [item for item in instances if getattr(type(item), "shown_on_pages", False)]


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
    return urls


def renew_what_shows(page_ids, urls) -> None:
    mark_archive_changed()
    purge_what_shows_later(page_ids, urls)


def after_edit(request, instance):
    if shown_on_pages([instance]):
        renew_what_shows(ids_of_pages_showing([instance]), routes_showing([instance]))


def before_delete(request, instances):
    # Also run for the confirmation page; the pages are read while the reference index
    # still names the snippets.
    shown = shown_on_pages(instances)
    if request.method == "POST" and shown:
        setattr(request, SHOWING_DELETED, (ids_of_pages_showing(shown), routes_showing(shown)))


def after_delete(request, instances):
    showing = getattr(request, SHOWING_DELETED, None)
    if showing is not None:
        renew_what_shows(*showing)
