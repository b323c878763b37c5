"""Archivists translate editorial pages and read the fixity log.

The README gives them both jobs (the Azerbaijani and Russian versions of the home page,
collection introductions and standard pages; finding a changed or missing file), but 0006
gave them neither permission, so only superusers could do them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVISTS = "Archivists"
ADDED = [("simple_translation", "submit_translation"), ("records", "view_fixitycheck")]


def _permissions(apps):
    for app_label in {app_label for app_label, _codename in ADDED}:
        # Permissions are normally made after all migrations; these are needed now.
        config = apps.get_app_config(app_label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in ADDED
    ]


def grant(apps, schema_editor):
    archivists = apps.get_model("auth", "Group").objects.filter(name=ARCHIVISTS).first()
    if archivists is not None:
        archivists.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    archivists = apps.get_model("auth", "Group").objects.filter(name=ARCHIVISTS).first()
    if archivists is not None:
        archivists.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_no_unused_editors_group"),
        ("records", "0004_reopened_records"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
