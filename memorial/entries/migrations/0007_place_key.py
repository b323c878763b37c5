"""Places get a key that is the same for names differing only in case, spacing or Unicode
form, and the key is unique, so no second "guba" is made beside "Guba".

Places already stored twice under one key are not merged here (entries, testimonies and
photographs point at both); the later ones get their id added to the key, so the migration
runs, and the place editor names the other place when one of them is next saved."""

from django.db import migrations, models

from memorial.core.names import same_name_key


def fill_keys(apps, schema_editor):
    Place = apps.get_model("entries", "Place")
    taken = set()
    for place in Place.objects.order_by("pk").iterator():
        key = same_name_key(place.name, place.region)
        place.key = key if key not in taken else f"{key}\n#{place.pk}"
        taken.add(place.key)
        place.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0006_rekey_names_typed_with_marks"),
    ]

    operations = [
        migrations.AddField(
            model_name="place",
            name="key",
            field=models.CharField(default="", editable=False, max_length=800),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="place",
            name="key",
            field=models.CharField(editable=False, max_length=800, unique=True),
        ),
        migrations.RemoveConstraint(
            model_name="place",
            name="unique_place_name_region",
        ),
    ]
