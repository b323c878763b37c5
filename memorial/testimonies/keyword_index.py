"""Testimonies are found by their keywords' names (TestimonyPage.search_fields): a keyword
renamed in the admin, or merged into another (memorial.core.merging), has the testimonies
that carry it indexed again, in the background once committed, as a page's own save would.

Without it a testimony stayed findable only by the term's old name, and one tagged with a
merged duplicate not by the kept term's, until the whole index was rebuilt.
"""

from django.db import transaction
from modelsearch.tasks import insert_or_update_object_task

from .models import Keyword, TestimonyPage


def index_testimonies_anew(request, instance):
    if not isinstance(instance, Keyword):
        return
    pks = list(TestimonyPage.objects.filter(keywords=instance).values_list("pk", flat=True))

    def enqueue():
        for pk in pks:
            insert_or_update_object_task.enqueue("testimonies", "testimonypage", str(pk))

    if pks:
        transaction.on_commit(enqueue)
