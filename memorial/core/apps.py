from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorial.core"
    label = "core"
    verbose_name = "Archive core"

    def ready(self):
        from . import (
            changes,  # noqa: F401  signal receivers that mark the archive changed
            checks,  # noqa: F401  system checks of the archive's settings
            purging,  # noqa: F401  signal receivers that purge a front-end proxy
            reference_index,  # noqa: F401  indexes a published page's references with its rows
            search_index,  # noqa: F401  indexes a published page again with its rows
            shown_snippet_dates,  # noqa: F401  dates the pages showing a place or keyword changed
            shown_snippets,  # noqa: F401  renews what shows a place or keyword changed
        )
        from .renditions import orient_by_orientation_tag_alone
        from .security import throttling  # noqa: F401  counts wrong passwords per address

        orient_by_orientation_tag_alone()
