"""The admin import: upload, see the validation report, confirm, see the result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorial.entries.models import MemorialEntryPage
from memorial.records.models import ImportJob
from memorial.records.tasks import run_import_job

from ..factories import MemorialIndexPageFactory

pytestmark = pytest.mark.django_db

CSV = (
    "id,given_name,family_name,birth_date,collection\n"
    "a-1,Ilse,Varnoth,c. 1920,\n"
    "a-2,,,,\n"
    "a-3,Tomas,Quell,1922-02-30,\n"
)


@pytest.fixture
def archivist(client, django_user_model):
    user = django_user_model.objects.create_superuser("keeper", "k@example.invalid", "pw")
    client.force_login(user)
    return client


def upload(client, content=CSV, name="names.csv", **data):
    file = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
    return client.post("/admin/import-entries/", {"file": file, **data})


def test_upload_shows_every_bad_row_before_anything_is_written(archivist, home):
    MemorialIndexPageFactory(parent=home, slug="names")
    response = upload(archivist, collection="names")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert not MemorialEntryPage.objects.exists()
    html = archivist.get(response["Location"]).content.decode()
    assert "1 can be imported, 2 cannot" in html
    assert "give at least a given_name or a family_name" in html
    assert "1922-02-30" in html
    assert job.status == ImportJob.Status.VALIDATED

    archivist.post(f"/admin/import-entries/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.import_report
    assert job.import_report["created"] == 1
    assert MemorialEntryPage.objects.get().identifier == "a-1"
    assert "1 entry created" in archivist.get(f"/admin/import-entries/{job.pk}/").content.decode()


def test_a_file_of_the_wrong_kind_is_refused_with_a_message(archivist, home):
    response = upload(archivist, content="<svg/>", name="names.svg")
    assert response.status_code == 200
    assert "Upload a .csv or .jsonl file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_unreadable_file_cannot_be_confirmed(archivist, home):
    response = upload(archivist, content="id,colour\n1,blue\n")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "unknown column" in archivist.get(response["Location"]).content.decode()
    archivist.post(f"/admin/import-entries/{job.pk}/confirm/")
    assert not MemorialEntryPage.objects.exists()


def test_import_files_are_kept_out_of_public_media(archivist, home, settings):
    MemorialIndexPageFactory(parent=home, slug="names")
    upload(archivist, collection="names")
    path = ImportJob.objects.get().file.path
    assert path.startswith(str(settings.PRIVATE_FILES_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_people_without_the_permission_cannot_import(client, django_user_model, home):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert upload(client).status_code in (302, 403)
    assert not ImportJob.objects.exists()


def upload_bytes(client, content: bytes, name: str):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post("/admin/import-entries/", {"file": file, "collection": "names"})


def test_rows_no_database_can_store_are_reported_and_the_rest_imported(archivist, home):
    MemorialIndexPageFactory(parent=home, slug="names")
    lines = [
        '{"id": "ok-1", "family_name": "Varnoth"}',
        '{"id": "d-1", "family_name": "Quell", "birth_date": [1931]}',
        '{"id": "b-1", "family_name": "Quell", "biography": {"text": "x"}}',
        '{"id": "n-1", "family_name": "Qu\\u0000ell"}',
        '{"id": "s-1", "family_name": "Qu\\udc80ell"}',
        "[" * 100_000,
    ]
    response = upload_bytes(archivist, "\n".join(lines).encode(), "names.jsonl")
    report = archivist.get(response["Location"])
    html = report.content.decode()
    assert report.status_code == 200
    assert "1 can be imported, 5 cannot" in html
    assert "birth_date must be text" in html and "biography must be text" in html
    assert html.count("cannot be stored") == 2 and "nests lists or objects too deeply" in html

    archivist.post(f"/admin/import-entries/{ImportJob.objects.get().pk}/confirm/")
    assert MemorialEntryPage.objects.get().identifier == "ok-1"


def test_an_id_that_is_not_utf8_is_shown_escaped_in_the_report(archivist, home):
    MemorialIndexPageFactory(parent=home, slug="names")
    content = b"id,family_name\nok-1,Varnoth\nJos\xe9-1,Quell\nnul\x00-1,Quell\n"
    response = upload_bytes(archivist, content, "names.csv")
    assert response.status_code == 302
    report = archivist.get(response["Location"])
    assert report.status_code == 200
    html = report.content.decode()
    assert "1 can be imported, 2 cannot" in html and "Jos\\udce9-1" in html


def test_a_job_whose_task_runs_again_keeps_its_report(archivist, home):
    """A confirmed job queued twice (a double click on Confirm, a task the worker retries)
    is imported once: the second run must not import the file again and replace the
    report with one that says nothing was created."""
    MemorialIndexPageFactory(parent=home, slug="names")
    upload(archivist, collection="names")
    job = ImportJob.objects.get()
    archivist.post(f"/admin/import-entries/{job.pk}/confirm/")

    run_import_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.import_report["created"] == 1
