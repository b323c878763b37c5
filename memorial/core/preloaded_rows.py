"""The rows of an editor's inline panels, their chosen pages and tags read for all rows at once.

Drawn one by one, each row asked for its own: Wagtail's page chooser for the page, then for
the page's parent (an entry's relatives, a testimony's people), and each many-to-many field
of a transcript passage for its keywords, people and places. An entry with 40 relatives or
a testimony of 300 passages was as many queries, or three times as many. The page form
reads them here, once per field of each formset, before any row is drawn.
"""

from django.db.models import prefetch_related_objects
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import PageChooserPanel
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page


class PreloadedPageChooser(AdminPageChooser):
    """Wagtail's page chooser, taking its page from `preloaded` (id → page) when it is there."""

    preloaded: dict | None = None

    def get_instance(self, value):
        page = (self.preloaded or {}).get(str(getattr(value, "pk", value)))
        return page if page is not None else super().get_instance(value)


class RowPageChooserPanel(PageChooserPanel):
    """A PageChooserPanel for inline rows: its chooser shows the page the form read for it."""

    def get_form_options(self):
        opts = super().get_form_options()
        opts.setdefault("widgets", {})[self.field_name] = PreloadedPageChooser(
            target_models=self.page_type, can_choose_root=self.can_choose_root
        )
        return opts


def preload_rows(form) -> None:
    """Read what the rows of every formset of `form` show, a query or two per field."""
    for formset in getattr(form, "formsets", {}).values():
        rows = list(formset.forms)
        if not rows:
            continue
        for name, field in rows[0].fields.items():
            if isinstance(field.widget, PreloadedPageChooser):
                _preload_pages(rows, name)
        for field in formset.model._meta.get_fields():
            if isinstance(field, ParentalManyToManyField) and field.name in rows[0].fields:
                _prefetch_many(rows, field.name)


def _preload_pages(rows, name) -> None:
    rows = [row for row in rows if name in row.fields]
    ids = {str(row[name].value()) for row in rows}
    ids = {value for value in ids if value.isdigit()}
    if not ids:
        return
    pages = {str(page.pk): page for page in rows[0].fields[name].queryset.filter(pk__in=ids)}
    parent_paths = {page.path[: -Page.steplen] for page in pages.values() if page.depth > 1}
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=parent_paths)}
    for page in pages.values():
        # treebeard's own cache of get_parent(), which the chooser asks for its "browse" link
        page._cached_parent_obj = parents.get(page.path[: -Page.steplen])
    for row in rows:
        row.fields[name].widget.preloaded = pages


def _prefetch_many(rows, name) -> None:
    """Stored rows' values as they are in the database, in one query; rows held in memory
    (a draft's, from its revision) already know theirs. Also what a posted row is compared
    with to know whether it changed."""
    stored = [
        row
        for row in rows
        if row.instance.pk and name not in getattr(row.instance, "_cluster_related_objects", {})
    ]
    if not stored:
        return
    prefetch_related_objects([row.instance for row in stored], name)
    for row in stored:
        row.initial[name] = list(getattr(row.instance, name).all())
