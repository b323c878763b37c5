"""Pages whose content changed without a publication, dated for the sitemap.

A page shows the places and keywords it names; renaming or deleting one (in the admin, a
script, a shell or a merge: shown_snippet_changed) changes what the page shows without
publishing it, so its sitemap <lastmod> would never move and crawlers would keep the old
name. As OAI-PMH dates the records naming it (memorial.records.oai.renamings), each page
showing it gets an entry in its history (SNIPPET_CHANGED, one bulk insert) at the change,
which the sitemap reads: a file's pages in one query, the index's date in one aggregate
(memorial.core.sitemap). Nothing is read page by page.
"""

from django.db.models import Max, Q
from django.dispatch import receiver
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.models import Page, PageLogEntry

from .purging import ids_of_pages_naming
from .shown_snippets import shown_snippet_changed

SNIPPET_CHANGED = "memorial.shown_snippet_changed"


def ids_of_pages_showing_snippet(instance) -> set[int]:
    """Pages that name `instance`: in fields and blocks (the reference index), and through
    many-to-many fields of pages or their inline rows, which the index does not follow."""
    ids = set(ids_of_pages_naming(instance))
    for rel in type(instance)._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or not (rel.many_to_many or rel.one_to_many):
            continue
        owner = rel.related_model
        if owner._meta.auto_created:
            continue  # a many-to-many's own rows: followed from the field
        naming = owner._base_manager.filter(**{rel.field.name: instance})
        if issubclass(owner, Page):
            ids.update(naming.values_list("pk", flat=True))
        elif parent := _page_key(owner):
            ids.update(naming.values_list(parent.attname, flat=True))
    return ids


def _page_key(model):
    for field in model._meta.get_fields():
        if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
            return field
    return None


def date_pages_showing(instance) -> None:
    now = timezone.now()
    pages = Page.objects.filter(pk__in=ids_of_pages_showing_snippet(instance))
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page_id=pk,
                content_type_id=content_type,
                label=title,
                action=SNIPPET_CHANGED,
                data={"snippet": str(instance), "kind": type(instance)._meta.verbose_name},
                timestamp=now,
            )
            for pk, title, content_type in pages.values_list("pk", "title", "content_type_id")
        ],
        batch_size=1000,
    )


def changed_since_published(page_ids) -> dict:
    """page id → when something it shows last changed without a publication."""
    entries = PageLogEntry.objects.filter(action=SNIPPET_CHANGED, page_id__in=page_ids)
    latest = entries.values("page_id").annotate(at=Max("timestamp"))
    return dict(latest.values_list("page_id", "at"))


def latest_change_of(*page_querysets):
    """The latest such change among these pages, asked of the database in one aggregate."""
    among = Q()
    for pages in page_querysets:
        among |= Q(page_id__in=pages.order_by().values("pk"))
    entries = PageLogEntry.objects.filter(among, action=SNIPPET_CHANGED)
    return entries.aggregate(at=Max("timestamp"))["at"]


@receiver(shown_snippet_changed)
def _date_pages_showing(sender, instance, **kwargs):
    # Also sent before a deletion, while the pages showing it can still be found.
    date_pages_showing(instance)
