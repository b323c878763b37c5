"""A family remembers a person: <entry url>remember/ to a published RemembrancePage.

Every photograph here is generated in code; every name is fictional.
"""

import datetime
import io
import logging
import re
import smtplib
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from memorial.core.abuse import timing_token
from memorial.core.changes import mark_archive_changed
from memorial.core.models import ArchiveImage
from memorial.core.privacy import is_public
from memorial.core.uploads import UploadRefused, clean_uploaded_image
from memorial.remembrances import upload_store
from memorial.remembrances.models import (
    RemembrancePage,
    RemembrancePhoto,
    Submission,
    SubmissionKind,
    SubmissionStatus,
)
from memorial.remembrances.moderation import MODERATORS_GROUP

from ..core.test_uploads import jpeg_with_exif, photo_with_malformed_gps_exif, png_claiming
from ..entries.test_entry_page import count_queries
from ..factories import ArchiveImageFactory, MemorialEntryPageFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
EMAIL = "private.submitter@example.org"
XSS = "<script>alert(1)</script>"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (fictional)")


MAIL_SERVER_DOWN = f"{__name__}.MailServerDown"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def entry(memorial_index):
    return MemorialEntryPageFactory(parent=memorial_index, given_name="Orsolya", family_name="Venn")


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderator", email="moderator@example.org", password="fictional-password"
    )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def remember_url(entry):
    return f"{entry.url}remember/"


def photo(name="grandmother.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data or jpeg_with_exif(), content_type=content_type)


def form_data(**overrides):
    data = {
        "submitter_name": "Mira Ostrander",
        "relationship": "granddaughter",
        "email": EMAIL,
        "shown_name": "Her granddaughter Mira",
        "text": "She kept a garden of blue flowers.\n\nEvery spring she planted more.",
        "may_publish_text": "on",
        "may_publish_photos": "on",
        "form_token": timing_token(seconds_ago=60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_counts():
    return (
        Submission.objects.count(),
        RemembrancePage.objects.count(),
        ArchiveImage.objects.count(),
    )


def our_mails():
    """The receipt and the moderators' note (Wagtail's own notice is not sent for these)."""
    receipt = [m for m in mail.outbox if m.subject.startswith("We received your remembrance")]
    notes = [m for m in mail.outbox if m.subject.startswith("New remembrance to review")]
    assert len(receipt) == 1
    return receipt[0], *notes


def send(client, entry, **overrides):
    return client.post(remember_url(entry), form_data(**overrides))


# --- The happy path ------------------------------------------------------------------------


def test_a_remembrance_goes_from_the_form_to_a_published_page(
    client, entry, moderator, django_capture_on_commit_callbacks
):
    form_page = client.get(remember_url(entry))
    assert form_page.status_code == 200
    assert b"What will be public" in form_page.content
    assert (
        form_page["Cache-Control"].startswith("private") or "no-store" in form_page["Cache-Control"]
    )

    response = send(
        client,
        entry,
        photo_1=photo("our house.jpg"),
        caption_1="The garden in spring",
        alt_1="A woman kneeling among flowers",
        photo_2=photo("IMG_0042.jpg"),
        alt_2="Two children by a gate",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{remember_url(entry)}thanks/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and b"What happens next" in thanks.content

    submission = Submission.objects.get()
    assert submission.kind == SubmissionKind.REMEMBRANCE
    assert submission.status == SubmissionStatus.PENDING
    assert (submission.email, submission.may_publish_photos) == (EMAIL, True)
    page = RemembrancePage.objects.get()
    assert submission.page_id == page.pk
    assert page.get_parent().pk == entry.pk
    assert not page.live and not is_public(page)
    assert page.title == f"Remembrance of {entry.title}"
    assert (page.shown_name, page.relationship) == ("Her granddaughter Mira", "granddaughter")
    photos = list(page.photos.select_related("image"))
    assert [p.alt_text for p in photos] == [
        "A woman kneeling among flowers",
        "Two children by a gate",
    ]
    assert [p.sort_order for p in photos] == [0, 1]  # numbered: kept in this order after edits
    for shared in photos:
        stored_name = shared.image.file.name.rsplit("/", 1)[-1]
        assert re.fullmatch(r"[0-9a-f]{32}\.jpg", stored_name)
        assert shared.image.collection.name == "Family submissions"
        assert shared.image.credit == "Shared by the family"
    assert not list(upload_store.uploads_root().glob("*/*"))  # nothing left in the temp area

    receipt, note = our_mails()
    assert receipt.to == [EMAIL] and str(submission.reference) in receipt.body
    assert note.to == ["moderator@example.org"]
    assert f"/admin/pages/{page.pk}/edit/" in note.body

    workflow_state = page.current_workflow_state
    assert workflow_state is not None and workflow_state.status == "in_progress"
    assert "blue flowers" not in client.get(entry.url).content.decode()
    assert client.get(page.url).status_code == 404  # a draft has no public page

    with django_capture_on_commit_callbacks(execute=True):
        workflow_state.current_task_state.approve(user=moderator)
    page.refresh_from_db()
    submission.refresh_from_db()
    assert page.live and is_public(page)
    assert submission.status == SubmissionStatus.APPROVED
    assert mail.outbox[-1].to == [EMAIL] and "now part of the archive" in mail.outbox[-1].body

    entry_html = client.get(entry.url).content.decode()
    assert "She kept a garden of blue flowers." in entry_html
    assert page.url in entry_html
    public = client.get(page.url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "Shared by Her granddaughter Mira, granddaughter" in html
    assert "<p>She kept a garden of blue flowers.</p>" in html
    rendition_urls = re.findall(r'src="(/images/[^"]+)"', html)
    assert len(rendition_urls) == 2
    for url in rendition_urls:
        served = client.get(url)
        assert served.status_code == 200
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        assert not image.getexif().get_ifd(GPS_IFD)
        assert GPS_IFD not in image.getexif()


def test_a_remembrance_stored_while_mail_is_down_is_thanked_and_the_failure_logged(
    client, entry, settings, caplog
):
    settings.EMAIL_BACKEND = MAIL_SERVER_DOWN
    with caplog.at_level(logging.ERROR):
        response = send(client, entry)
    assert response.status_code == 302
    assert response["Location"] == f"{remember_url(entry)}thanks/"
    assert stored_counts() == (1, 1, 0)
    (logged,) = [r for r in caplog.records if r.name.startswith("memorial.remembrances")]
    assert "Could not send" in logged.getMessage() and EMAIL not in logged.getMessage()


def test_a_rejected_remembrance_stays_a_draft_and_the_submitter_is_told(
    client, entry, moderator, django_capture_on_commit_callbacks
):
    send(client, entry)
    page = RemembrancePage.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page.current_workflow_state.current_task_state.reject(
            user=moderator, comment="We could not verify the dates."
        )

    page.refresh_from_db()
    submission = Submission.objects.get()
    assert not page.live and not is_public(page)
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.decision_message == "We could not verify the dates."
    (outcome,) = mail.outbox
    assert outcome.to == [EMAIL]
    assert "has not published it" in outcome.body
    assert "We could not verify the dates." in outcome.body
    assert "blue flowers" not in client.get(entry.url).content.decode()


def test_a_remembrance_approved_after_changes_were_requested_is_recorded_and_told_as_published(
    client, entry, moderator, django_capture_on_commit_callbacks
):
    send(client, entry)
    page = RemembrancePage.objects.get()
    workflow_state = page.current_workflow_state
    mail.outbox.clear()
    # Wagtail's group approval "reject" is "Request changes": the workflow waits for changes.
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state.current_task_state.reject(
            user=moderator, comment="Please leave out the surname."
        )
    assert Submission.objects.get().status == SubmissionStatus.REJECTED
    edited = RemembrancePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    edited.text = "She kept a garden of blue flowers (surname left out)."
    edited.save_revision(user=moderator)
    workflow_state.refresh_from_db()
    workflow_state.resume(user=moderator)

    with django_capture_on_commit_callbacks(execute=True):
        page.current_workflow_state.current_task_state.approve(user=moderator)

    page.refresh_from_db()
    submission = Submission.objects.get()
    assert page.live
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.decision_message == ""
    refused, published = mail.outbox
    assert "has not published it" in refused.body and "leave out the surname" in refused.body
    assert published.to == [EMAIL] and "now part of the archive" in published.body
    assert "leave out the surname" not in published.body


def approve_in_the_admin(client, page, moderator):
    task_state = page.current_workflow_state.current_task_state
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def test_approving_while_mail_is_down_publishes_and_logs_the_failure(
    client, entry, moderator, settings, caplog, django_capture_on_commit_callbacks
):
    send(client, entry)
    page = RemembrancePage.objects.get()
    settings.EMAIL_BACKEND = MAIL_SERVER_DOWN

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = approve_in_the_admin(client, page, moderator)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert Submission.objects.get().status == SubmissionStatus.APPROVED
    (logged,) = [r for r in caplog.records if r.name.startswith("memorial.remembrances")]
    assert "Could not tell the submitter" in logged.getMessage()


def test_a_decision_rolled_back_is_not_told(
    client, entry, moderator, django_capture_on_commit_callbacks
):
    send(client, entry)
    page = RemembrancePage.objects.get()
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        page.current_workflow_state.current_task_state.approve(user=moderator)
        raise RuntimeError("publishing failed after the approval (fictional)")

    assert Submission.objects.get().status == SubmissionStatus.PENDING
    assert mail.outbox == []


def test_photographs_without_consent_are_kept_for_moderators_but_not_on_the_page(client, entry):
    response = send(client, entry, may_publish_photos=None, photo_1=photo(), alt_1="A house")
    assert response.status_code == 302
    page = RemembrancePage.objects.get()
    assert page.photos.count() == 0
    assert ArchiveImage.objects.filter(collection__name="Family submissions").count() == 1
    assert not Submission.objects.get().may_publish_photos


def test_moderators_see_every_photograph_sent_and_visitors_none_of_the_withheld(
    client, entry, admin_user
):
    send(client, entry, may_publish_photos=None, photo_1=photo(), alt_1="A house by a river")
    page = RemembrancePage.objects.get()
    (image,) = Submission.objects.get().images.all()
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Photographs sent (1): the submitter did not allow them to be published" in html
    assert reverse("wagtailimages:edit", args=[image.pk]) in html
    (thumbnail,) = re.findall(r'alt="A house by a river"[^>]*src="(/images/[^"]+)"', html)
    assert client.get(thumbnail).status_code == 200
    client.logout()
    assert client.get(thumbnail).status_code == 404


def test_everyone_told_of_a_submission_gets_one_mail(client, entry, moderator, admin_user):
    assert send(client, entry, photo_1=photo(), alt_1="A gate").status_code == 302
    recipients = [address for message in mail.outbox for address in message.to]
    assert sorted(recipients) == sorted([EMAIL, moderator.email, admin_user.email])


def test_other_pages_in_moderation_still_get_wagtails_notice(
    entry, moderator, admin_user, django_user_model
):
    """An entry submitted for review goes to the Archivists (core 0008), with Wagtail's own
    notice; the Moderators are not asked about it."""
    from wagtail.models import Workflow

    from memorial.remembrances.moderation import WORKFLOW_NAME

    archivist = django_user_model.objects.create_user(
        "archivist", email="archivist@example.org", password="fictional-password"
    )
    archivist.groups.add(Group.objects.get(name="Archivists"))
    entry.save_revision(user=admin_user)
    Workflow.objects.exclude(name=WORKFLOW_NAME).get().start(entry, user=admin_user)
    assert any(archivist.email in message.to for message in mail.outbox)
    assert not any(moderator.email in message.to for message in mail.outbox)


# --- Validation keeps what was typed, photographs included --------------------------------


def test_an_error_keeps_the_text_and_the_checked_photographs(client, entry):
    response = send(
        client,
        entry,
        text="",
        photo_1=photo(),
        caption_1="By the river",
        alt_1="A man in a boat",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please write your remembrance." in html
    assert 'value="Mira Ostrander"' in html and 'value="By the river"' in html
    assert "already checked" in html
    assert stored_counts() == (0, 0, 0)
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)

    response = send(client, entry, upload_token=token, caption_1="By the river", alt_1="A boat")
    assert response.status_code == 302
    page = RemembrancePage.objects.get()
    assert [(p.caption, p.alt_text) for p in page.photos.all()] == [("By the river", "A boat")]
    assert not list(upload_store.uploads_root().glob("*/*"))


def test_the_same_form_sent_twice_is_stored_once(client, entry, settings, tmp_path):
    """A double click or a resend posts the very same form, its upload token included."""
    form_page = client.get(remember_url(entry)).content.decode()
    token = re.search(r'name="upload_token" value="([^"]+)"', form_page).group(1)

    answers = [
        send(client, entry, upload_token=token, photo_1=photo(), alt_1="A woman by a gate")
        for _ in range(2)
    ]

    assert [a.status_code for a in answers] == [302, 302]
    assert answers[1]["Location"] == f"{remember_url(entry)}thanks/"
    assert stored_counts() == (1, 1, 1)
    our_mails()  # one receipt
    assert len(list((tmp_path / "media").rglob("*.jpg"))) == 1
    assert not list(upload_store.uploads_root().glob("*/*"))


def test_a_form_token_names_one_submission_only(entry):
    data = {"submitter_name": "Mira", "relationship": "", "email": EMAIL, "may_contact": False}
    token = upload_store.new_token()
    record = {"may_publish_text": True, "may_publish_photos": True, "upload_token": token}
    Submission.record(SubmissionKind.REMEMBRANCE, data, **record)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.record(SubmissionKind.REMEMBRANCE, data, **record)


def test_a_kept_photograph_the_family_removes_is_not_sent(client, entry):
    response = send(client, entry, text="", photo_1=photo(), alt_1="A man in a boat")
    html = response.content.decode()
    assert "already checked" in html and 'name="remove_1"' in html
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)

    response = send(client, entry, upload_token=token, remove_1="on")
    assert response.status_code == 302
    assert RemembrancePage.objects.get().photos.count() == 0
    assert stored_counts()[2] == 0
    assert not list(upload_store.uploads_root().glob("*/*"))


def test_a_photograph_needs_a_description_and_consent_to_publish_the_text_is_required(
    client, entry
):
    response = send(client, entry, may_publish_text=None, photo_1=photo(), alt_1="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please describe this photograph" in html
    assert "we need your agreement" in html
    assert stored_counts() == (0, 0, 0)


def test_a_forged_upload_token_reaches_nobody_elses_photographs(client, entry):
    response = send(client, entry, upload_token="../../etc")
    assert response.status_code == 302
    assert RemembrancePage.objects.get().photos.count() == 0


def test_prune_uploads_deletes_old_kept_photographs(entry):
    token = upload_store.new_token()
    upload_store.keep(token, 1, clean_uploaded_image(photo()))
    out = io.StringIO()
    call_command("prune_uploads", "--older-than", "3600", stdout=out)
    assert upload_store.kept(token)
    call_command("prune_uploads", "--older-than", "-1", stdout=out)
    assert not upload_store.kept(token)


# --- Hostile uploads ---------------------------------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def polyglot() -> bytes:
    return jpeg_with_exif() + b"<html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    "name,data",
    [
        ("drawing.svg", SVG),
        ("photo.jpg", HTML),
        ("holiday.jpg", polyglot()),
        ("huge.png", png_claiming(20_000, 20_000)),
    ],
    ids=["svg", "html", "polyglot", "bomb"],
)
def test_hostile_uploads_are_refused_and_nothing_is_stored(client, entry, name, data):
    with pytest.raises(UploadRefused) as refused:
        clean_uploaded_image(photo(name, data))
    response = send(client, entry, photo_1=photo(name, data), alt_1="A picture")
    assert response.status_code == 400
    assert escape(refused.value.messages[0]) in response.content.decode()
    assert stored_counts() == (0, 0, 0)
    assert mail.outbox == []


def test_a_photo_with_malformed_exif_is_accepted_without_its_exif(client, entry):
    data = photo_with_malformed_gps_exif("JPEG")
    response = send(client, entry, photo_1=photo(data=data), alt_1="A woman by a gate")
    assert response.status_code == 302
    assert stored_counts() == (1, 1, 1)
    with ArchiveImage.objects.get().file.open() as stored:
        assert not Image.open(stored).getexif()


# --- Abuse -------------------------------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client, entry):
    response = send(client, entry, website="http://spam.example", photo_1=photo(), alt_1="x")
    assert response.status_code == 302 and response["Location"].endswith("remember/thanks/")
    assert stored_counts() == (0, 0, 0)
    assert mail.outbox == []
    assert not upload_store.uploads_root().exists()


def test_a_form_sent_too_fast_stores_nothing(client, entry):
    response = send(client, entry, form_token=timing_token(seconds_ago=0))
    assert response.status_code == 302
    assert stored_counts() == (0, 0, 0)
    assert mail.outbox == []


@override_settings(RATE_LIMIT_SUBMISSIONS=10, RATE_LIMIT_SUBMISSIONS_WINDOW=3600)
def test_the_eleventh_post_within_the_window_is_refused_with_429(client, entry):
    for _ in range(10):
        assert send(client, entry, text="").status_code == 200  # sent, with an error
    response = send(client, entry)
    assert response.status_code == 429
    assert stored_counts() == (0, 0, 0)
    assert "Retry-After" in response
    assert client.get(remember_url(entry)).status_code == 200  # showing the form is free


# --- Escaping and privacy ----------------------------------------------------------------


def test_html_in_every_field_is_inert_everywhere(client, entry, moderator, admin_user):
    send(
        client,
        entry,
        submitter_name=XSS,
        relationship=XSS,
        shown_name=XSS,
        text=XSS,
        photo_1=photo(),
        caption_1=XSS,
        alt_1=XSS,
    )
    page = RemembrancePage.objects.get()
    receipt, *notes = our_mails()
    assert XSS in receipt.body and "&lt;script" not in receipt.body  # plain text, as typed
    assert notes and all("&lt;script" not in note.body for note in notes)

    page.current_workflow_state.current_task_state.approve(user=moderator)
    for url in (page.url, entry.url):
        html = client.get(url).content.decode()
        assert XSS not in html
        assert escape(XSS) in html

    client.force_login(admin_user)
    for url in (
        reverse("wagtailsnippets_remembrances_submission:list"),
        reverse("wagtailsnippets_remembrances_submission:edit", args=[Submission.objects.get().pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert XSS not in response.content.decode(), url


def test_the_submitters_email_reaches_no_public_surface(client, entry, moderator):
    send(client, entry, text="Remembered by the lighthouse keeper Quillane.")
    page = RemembrancePage.objects.get()
    page.current_workflow_state.current_task_state.approve(user=moderator)

    surfaces = {
        "page": client.get(page.url),
        "entry": client.get(entry.url),
        "api detail": client.get(f"/api/v2/pages/{page.pk}/"),
        "api list": client.get("/api/v2/pages/?limit=20"),
        "search": client.get("/search/?q=Quillane"),
    }
    for name, response in surfaces.items():
        assert response.status_code == 200, name
        assert EMAIL not in response.content.decode(), name
        assert "Mira Ostrander" not in response.content.decode(), name
    out = io.StringIO()
    call_command("export_entries", "--format", "jsonl", stdout=out, stderr=io.StringIO())
    assert EMAIL not in out.getvalue()


def test_the_submission_panel_shows_moderators_who_sent_it(client, entry, admin_user):
    send(client, entry)
    page = RemembrancePage.objects.get()
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert EMAIL in html and "Mira Ostrander" in html
    assert "publish the text <strong>yes</strong>" in html


@pytest.mark.parametrize("state", ["draft", "staff", "embargoed"])
def test_a_closed_entry_offers_no_form(client, entry, admin_user, state):
    if state == "draft":
        entry.unpublish()
    elif state == "staff":
        type(entry).objects.filter(pk=entry.pk).update(access_level="staff")
    else:
        future = datetime.date.today() + datetime.timedelta(days=365)
        type(entry).objects.filter(pk=entry.pk).update(embargo_until=future)
    url = remember_url(entry)
    assert client.get(url).status_code == 404
    assert send(client, entry).status_code == 404
    assert client.get(f"{url}thanks/").status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 404  # even for staff: no form for a closed record
    assert stored_counts() == (0, 0, 0)


def test_unknown_paths_under_remember_are_not_found(client, entry):
    assert client.get(f"{remember_url(entry)}elsewhere/").status_code == 404


def test_a_published_remembrance_closes_with_its_entry(client, entry, moderator):
    send(client, entry)
    page = RemembrancePage.objects.get()
    page.current_workflow_state.current_task_state.approve(user=moderator)
    assert client.get(page.url).status_code == 200
    type(entry).objects.filter(pk=entry.pk).update(access_level="staff")
    mark_archive_changed()  # what saving the entry does through its signal
    assert client.get(page.url).status_code == 404


def test_a_person_with_a_very_long_name_still_gets_remembrances(client, memorial_index):
    person = MemorialEntryPageFactory(
        parent=memorial_index, given_name="G" * 120, family_name="F" * 120
    )
    assert send(client, person).status_code == 302
    for number in range(2, 11):  # earlier remembrances, as the form would have titled them
        person.add_child(instance=RemembrancePage(title=f"R{number}", text="x", live=False))
    assert send(client, person).status_code == 302
    titles = [page.title for page in RemembrancePage.objects.child_of(person).order_by("path")]
    assert len(titles[0]) == len(titles[-1]) == 255
    assert titles[0].endswith("F…") and titles[-1].endswith("F… (11)")


@pytest.mark.parametrize(
    ("prefix", "limit"), [("", "Up to 10,000 characters"), ("/ru", "До 10\xa0000 символов")]
)
def test_the_text_limit_is_written_with_the_languages_thousands_separator(
    client, entry, prefix, limit
):
    html = client.get(f"{prefix}{remember_url(entry)}").content.decode()
    assert limit in html


def test_a_receipt_sent_from_the_russian_form_is_english_with_its_date(client, entry):
    client.post(f"/ru{remember_url(entry)}", form_data())
    receipt, *_notes = our_mails()
    sent = timezone.localtime(Submission.objects.get().created_at)
    assert f"reached the archive on {sent:%-d %B %Y}." in receipt.body  # e.g. 28 November 2026


def remembrance_with_photographs(memorial_index, count):
    person = MemorialEntryPageFactory(parent=memorial_index)
    page = person.add_child(instance=RemembrancePage(title="Remembered", text="Fictional."))
    for number in range(count):
        RemembrancePhoto.objects.create(
            page=page, image=ArchiveImageFactory(), alt_text=f"Photo {number}", sort_order=number
        )
    return page


def test_a_remembrance_page_queries_do_not_grow_with_its_photographs(client, memorial_index):
    small = remembrance_with_photographs(memorial_index, 2)
    large = remembrance_with_photographs(memorial_index, 12)
    assert count_queries(client, large.url) == count_queries(client, small.url)


def a_day_and_more_later(monkeypatch):
    """Clocks a day and an hour on: the family's form stayed open, and the daily
    prune_uploads ran meanwhile."""
    later = time.time() + upload_store.DEFAULT_MAX_AGE_SECONDS + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    call_command("prune_uploads", stdout=io.StringIO())


def test_a_kept_photograph_pruned_while_the_form_was_open_is_asked_for_again(
    client, entry, monkeypatch
):
    response = send(client, entry, text="", photo_1=photo(), alt_1="A man in a boat")
    token = re.search(r'name="upload_token" value="([^"]+)"', response.content.decode()).group(1)
    a_day_and_more_later(monkeypatch)

    response = send(client, entry, upload_token=token, alt_1="A man in a boat")

    assert response.status_code == 200, "not sent without the photograph the family chose"
    assert "was kept for a day only" in response.content.decode()
    assert stored_counts() == (0, 0, 0)
    token = re.search(r'name="upload_token" value="([^"]+)"', response.content.decode()).group(1)
    response = send(client, entry, upload_token=token, photo_1=photo(), alt_1="A boat")
    assert response.status_code == 302
    assert RemembrancePage.objects.get().photos.count() == 1


def test_a_kept_photograph_still_there_after_a_day_is_sent(client, entry, monkeypatch):
    response = send(client, entry, text="", photo_1=photo(), alt_1="A man in a boat")
    token = re.search(r'name="upload_token" value="([^"]+)"', response.content.decode()).group(1)
    later = time.time() + upload_store.DEFAULT_MAX_AGE_SECONDS + 3600
    monkeypatch.setattr(time, "time", lambda: later)  # a day on, before the prune ran

    response = send(client, entry, upload_token=token, alt_1="A man in a boat")

    assert response.status_code == 302
    assert RemembrancePage.objects.get().photos.count() == 1
