from django.db import migrations

GROUP = "Researchers"


def create_group(apps, schema_editor):
    # Researchers get no admin permissions: membership only opens researchers-only items
    # on the public site, once the user has accepted the terms of use.
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0004_user_research_terms_accepted_at"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
