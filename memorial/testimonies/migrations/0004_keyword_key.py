"""Keywords get a key that is the same for names differing only in case, spacing or
Unicode form, and the key is unique instead of the name, so no second "childhood" is
made beside "Childhood".

Terms already stored twice under one key are not merged here (testimonies and passages
point at both); the later ones get their id added to the key, so the migration runs, and
the keyword editor names the other term when one of them is next saved."""

from django.db import migrations, models

from memorial.core.names import same_name_key


def fill_keys(apps, schema_editor):
    Keyword = apps.get_model("testimonies", "Keyword")
    taken = set()
    for keyword in Keyword.objects.order_by("pk").iterator():
        key = same_name_key(keyword.name)
        keyword.key = key if key not in taken else f"{key}\n#{keyword.pk}"
        taken.add(keyword.key)
        keyword.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("testimonies", "0003_consent_redaction_segment_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="keyword",
            name="key",
            field=models.CharField(default="", editable=False, max_length=400),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="keyword",
            name="key",
            field=models.CharField(editable=False, max_length=400, unique=True),
        ),
        migrations.AlterField(
            model_name="keyword",
            name="name",
            field=models.CharField(help_text="The preferred term.", max_length=200),
        ),
    ]
