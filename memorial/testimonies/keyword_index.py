"""Testimonies are found by their keywords' names (TestimonyPage.search_fields): a keyword
renamed or deleted (in the admin, a script or a shell: shown_snippet_changed), or merged
into another (memorial.core.merging), has the testimonies that carry it indexed again, in
the background once committed, as a page's own save would.

Without it a testimony stayed findable only by the term's old name, and one tagged with a
merged or deleted term by that term, until the whole index was rebuilt.
"""

from django.db import transaction
from django.dispatch import receiver
from modelsearch.tasks import insert_or_update_object_task

from memorial.core.shown_snippets import shown_snippet_changed

from .models import Keyword, TestimonyPage


@receiver(shown_snippet_changed, sender=Keyword)
def index_testimonies_anew(sender, instance, **kwargs):
    # Also sent before a deletion or a merge: the testimonies are read while they carry it.
    pks = list(TestimonyPage.objects.filter(keywords=instance).values_list("pk", flat=True))

    def enqueue():
        for pk in pks:
            insert_or_update_object_task.enqueue("testimonies", "testimonypage", str(pk))

    if pks:
        transaction.on_commit(enqueue)
