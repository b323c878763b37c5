from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "memorial.records"
    label = "records"
    verbose_name = "Records: ingest, export, open data and preservation"

    def ready(self):
        from .oai import (
            datestamps,
            openings,  # noqa: F401  signal receivers that date reopened records
            renamings,  # noqa: F401  and records naming a renamed place or keyword
        )

        datestamps.connect_receivers()  # stored datestamps follow the pages' saves
        from .preservation import document_checksums  # noqa: F401  and record documents' SHA-256
