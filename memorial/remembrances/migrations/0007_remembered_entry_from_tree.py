from django.db import migrations


def follow_the_tree(apps, schema_editor):
    """Remembrances moved or copied before their entry was always read from the tree still
    named the entry they came from; each is given the entry it is under."""
    RemembrancePage = apps.get_model("remembrances", "RemembrancePage")
    Page = apps.get_model("wagtailcore", "Page")
    for page in RemembrancePage.objects.only("path", "remembered_entry_id").iterator():
        parent_id = Page.objects.filter(path=page.path[:-4]).values_list("pk", flat=True).first()
        if parent_id != page.remembered_entry_id:
            RemembrancePage.objects.filter(pk=page.pk).update(remembered_entry_id=parent_id)


class Migration(migrations.Migration):
    dependencies = [("remembrances", "0006_submission_images")]

    operations = [migrations.RunPython(follow_the_tree, migrations.RunPython.noop)]
