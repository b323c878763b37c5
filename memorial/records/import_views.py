"""The importer behind the admin: upload → validation report → confirm → background import."""

from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from memorial.entries.models import MemorialIndexPage

from .ingest import EntryImporter
from .ingest.readers import FileProblem
from .models import ImportJob
from .tasks import run_import_job

ALLOWED_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json")
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
PERMISSION = "records.add_importjob"
SHOWN_ERRORS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV (UTF-8, with a header row) or JSON Lines, in the format described in "
        "the README. Up to 500 MB."
    )
    collection = forms.ChoiceField(
        required=False,
        help_text="Where rows without a 'collection' value go.",
    )
    update_existing = forms.BooleanField(
        required=False,
        label="Update existing entries",
        help_text="Rows whose id already exists update that entry (as a new revision). "
        "Otherwise they are left as they are.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [("", "— rows name their collection —")] + [
            (page.slug, page.title) for page in MemorialIndexPage.collections().order_by("title")
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("Upload a .csv or .jsonl file.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 500 MB; split it.")
        return upload


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def upload(request):
    _check(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = ImportJob(
            original_name=form.cleaned_data["file"].name[:255],
            default_collection=form.cleaned_data["collection"],
            update_existing=form.cleaned_data["update_existing"],
            created_by=request.user,
        )
        job.file.save(Path(job.original_name).name, form.cleaned_data["file"], save=False)
        try:
            report = EntryImporter(
                job.file.path,
                default_collection=job.default_collection,
                update=job.update_existing,
                dry_run=True,
            ).run()
            job.validation_report = report.as_dict()
        except FileProblem as problem:
            job.validation_report = {"failure": str(problem)}
            job.status = ImportJob.Status.FAILED
        job.save()
        return redirect("records_import_job", job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return TemplateResponse(
        request, "records/admin/import_upload.html", {"form": form, "jobs": jobs}
    )


def job_detail(request, job_id):
    _check(request)
    job = get_object_or_404(ImportJob, pk=job_id)
    report = job.import_report or job.validation_report
    return TemplateResponse(
        request,
        "records/admin/import_job.html",
        {
            "job": job,
            "validation": job.validation_report,
            "result": job.import_report,
            "errors": (report.get("errors") or [])[:SHOWN_ERRORS],
            "refresh": job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
        },
    )


@require_POST
def confirm(request, job_id):
    _check(request)
    job = get_object_or_404(ImportJob, pk=job_id, status=ImportJob.Status.VALIDATED)
    if not job.validation_report.get("valid"):
        return redirect("records_import_job", job.pk)
    # Queued by one request only, however many Confirm sent at the same moment.
    validated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALIDATED)
    if validated.update(status=ImportJob.Status.QUEUED):
        run_import_job.enqueue(job.pk)
    return redirect(reverse("records_import_job", args=[job.pk]))
