from django.utils import timezone
from django_tasks import task

from .ingest import EntryImporter
from .models import ImportJob


@task()
def run_import_job(job_id: int) -> None:
    """Import a confirmed upload. Runs on the task worker (or at once without one)."""
    # Taken from the queue once: a job queued twice (a double click on Confirm, a task
    # the worker runs again) is imported by whichever run gets here first.
    queued = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED)
    if not queued.update(status=ImportJob.Status.RUNNING):
        return
    job = ImportJob.objects.get(pk=job_id)
    try:
        report = EntryImporter(
            job.file.path,
            default_collection=job.default_collection,
            update=job.update_existing,
        ).run()
    except Exception as error:  # the job must end in a state an archivist can see
        job.status = ImportJob.Status.FAILED
        job.import_report = {"failure": str(error)}
    else:
        job.status = ImportJob.Status.DONE
        job.import_report = report.as_dict()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "import_report", "finished_at"])
