"""The search index reads a published page together with its child rows.

Wagtail's index is updated by a task enqueued when the page row is saved. A published page's
child rows (a testimony's transcript passages and keywords, a person's other spellings) are
saved after that row, so a task run at once (TASKS_BACKEND=immediate, as `make run` and the
tests use) indexed the rows as they were before: a passage withheld and published stayed
findable by its words. Once the page is published, with every row saved, it is indexed again.
A worker (TASKS_BACKEND=database) runs the first task after the commit, when every row is
there already, so it is not asked twice.
"""

from django.dispatch import receiver
from django_tasks.backends.immediate import ImmediateBackend
from modelsearch.index import class_is_indexed
from modelsearch.tasks import insert_or_update_object_task
from wagtail.signals import page_published


@receiver(page_published)
def index_with_its_rows(sender, instance, **kwargs):
    runs_at_once = isinstance(insert_or_update_object_task.get_backend(), ImmediateBackend)
    if runs_at_once and class_is_indexed(type(instance)):
        meta = instance._meta
        insert_or_update_object_task.enqueue(meta.app_label, meta.model_name, str(instance.pk))
