"""Whether an entry's age at death was worked out from its dates, so that it goes when
the dates no longer give one, while an age typed from a source stays.

Until now the dates' age replaced any other whenever they gave one, so the entries whose
dates give an age are marked. An age left behind earlier by dates since taken away cannot
be told from a typed one and stays; rebuild it by hand if needed."""

import django.core.validators
from django.db import migrations, models

from memorial.core.dates import age_between


def mark_ages_from_dates(apps, schema_editor):
    Entry = apps.get_model("entries", "MemorialEntryPage")
    rows = Entry.objects.filter(birth_date__isnull=False, death_date__isnull=False).values_list(
        "pk", "birth_date", "birth_date_precision", "death_date", "death_date_precision"
    )
    derived = [pk for pk, *dates in rows.iterator() if age_between(*dates) is not None]
    for start in range(0, len(derived), 5000):
        chunk = derived[start : start + 5000]
        Entry.objects.filter(pk__in=chunk).update(age_at_death_from_dates=True)


class Migration(migrations.Migration):

    dependencies = [
        ('entries', '0008_life_dates_not_after_today_age_at_most_130'),
    ]

    operations = [
        migrations.AddField(
            model_name='memorialentrypage',
            name='age_at_death_from_dates',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_ages_from_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='memorialentrypage',
            name='age_at_death',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Filled in from the dates when both are known, and taken away when they no longer give it. Enter it yourself only when a source gives the age but not the dates.', null=True, validators=[django.core.validators.MaxValueValidator(130, 'No one is known to have lived this long. Check the age (at most 130).')]),
        ),
    ]
