"""Wagtail's reference index reads a published page together with its child rows.

The index says which pages use a file (memorial.core.files.visibility serves a file only
where a visible page uses it) and which pages show another (memorial.core.purging). Like
the search index (search_index.py), it is updated by a task enqueued when the page row is
saved, before the page's child rows are. Run at once (TASKS_BACKEND=immediate), the task
kept the rows as they were: a photograph taken off a remembrance (a family withdrew its
consent) or a source document taken off an entry was still recorded as used by the page,
and its file still served to everyone. Rows added are indexed by their own save; rows
removed are not, so once the page is published, with every row in place, it is indexed
again. A worker (TASKS_BACKEND=database) runs the first task after the commit.
"""

from django.dispatch import receiver
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.signals import page_published
from wagtail.tasks import update_reference_index_task


@receiver(page_published)
def index_references_with_its_rows(sender, instance, **kwargs):
    if isinstance(update_reference_index_task.get_backend(), ImmediateBackend):
        meta = instance._meta
        update_reference_index_task.enqueue(meta.app_label, meta.model_name, str(instance.pk))
