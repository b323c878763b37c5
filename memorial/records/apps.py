from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "memorial.records"
    label = "records"
    verbose_name = "Records: ingest, export, open data and preservation"
