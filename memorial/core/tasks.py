from django_tasks import task

from .lifecycle import lift_expired_embargoes


@task()
def lift_embargoes_task() -> int:
    """Lift the embargoes whose date has come; for the worker (`manage.py lift_embargoes`)."""
    return len(lift_expired_embargoes())
