"""Wagtail's stock "Editors" group goes, unless someone is in it.

It may add and change every page and file of the archive, and no role here needs that:
Archivists, Moderators and Researchers (0006) are the archive's groups. A site that has
put people in it keeps it, to be reviewed by its administrators.
"""

from django.db import migrations

STOCK_GROUP = "Editors"


def drop_unused_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=STOCK_GROUP, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0008_entry_review_by_archivists")]

    operations = [migrations.RunPython(drop_unused_editors, migrations.RunPython.noop)]
