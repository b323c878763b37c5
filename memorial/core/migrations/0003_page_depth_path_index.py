"""An index on Wagtail's page tree by (depth, path).

Listing the children of a page asks for one depth within a path range. Wagtail indexes
the path alone, so the range also covers every deeper descendant: with a hundred
thousand entries below the home page, the site menu read all of them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_archive_files"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_depth_path_idx "
            "ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS core_page_depth_path_idx",
        )
    ]
