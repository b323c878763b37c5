"""The admin's "Locked pages" report, each row's status read with the list.

Wagtail's report asked seven queries a row: the page's locale, who locked it, whether it is
a site root (twice), whether a revision is scheduled, whether it is in a workflow, and
whether it has a language left to translate into (simple_translation's "Translate"). The
queryset here annotates and prefetches them, as Wagtail's own explorer does. Wagtail has
no hook for a report's queryset and its report URLs come before any hook's, so
memorial.urls puts this view at Wagtail's two addresses, ahead of the admin's own.
"""

from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.locked_pages import LockedPagesView


class LockedPagesWithStatusView(LockedPagesView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            # prefetched, not joined: the rows are the pages' specific objects, made afresh
            .prefetch_related("locale", "locked_by")
            .annotate_site_root_state()
            .annotate_approved_schedule()
            .annotate_has_untranslated_locale()
            .prefetch_workflow_states()
        )


def report_view(**kwargs):
    """The view as Wagtail serves its reports: for admin users only, never cached."""
    return never_cache(require_admin_access(LockedPagesWithStatusView.as_view(**kwargs)))
