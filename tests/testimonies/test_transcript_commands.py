"""Transcripts in and out: the commands, the admin upload and the public .vtt."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry, PageViewRestriction

from memorial.testimonies.models import ConsentRecord, ConsentStatus, TestimonyPage

from ..factories import StandardPageFactory, TestimonyPageFactory, TranscriptSegmentFactory

pytestmark = pytest.mark.django_db

VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\n<v Interviewer>Where did you grow up?\n\n"
    "00:00:04.000 --> 00:00:19.000\n<v Maren Oskeli>In a fictional town by the river,\n"
    "where the bridge was &amp; still is.\n\n"
    "00:01:00.000 --> 01:02:03.000\nNo speaker here.\n"
)
BAD_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine.\n\n00:00:0x.000 --> 00:00:05.000\nBad.\n"
SRT = "1\n00:00:01,500 --> 00:00:02,200\nOne.\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n"


@pytest.fixture
def testimony(testimony_index):
    return TestimonyPageFactory(parent=testimony_index)


@pytest.fixture
def transcribed(testimony):
    TranscriptSegmentFactory(page=testimony, start_seconds=5, text="Openmarker words.")
    TranscriptSegmentFactory(
        page=testimony,
        start_seconds=30,
        end_seconds=40,
        text="Secretmarker names a living person.",
        withheld=True,
        withheld_reason="names a living person",
    )
    return testimony


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def run(command, *args):
    out, err = StringIO(), StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def latest(page):
    return TestimonyPage.objects.get(pk=page.pk).get_latest_revision_as_object()


# import_transcript --------------------------------------------------------------------


def test_import_saves_a_draft_revision_and_leaves_the_live_page_alone(tmp_path, testimony):
    out, _ = run("import_transcript", testimony.pk, write(tmp_path, "t.vtt", VTT))
    assert "3 passage(s) imported" in out
    assert "draft" in out
    live = TestimonyPage.objects.get(pk=testimony.pk)
    assert live.has_unpublished_changes
    assert not live.segments.exists()
    draft = [
        (s.start_seconds, s.end_seconds, s.speaker, s.text) for s in latest(live).segments.all()
    ]
    assert draft == [
        (0, 4, "Interviewer", "Where did you grow up?"),
        (
            4,
            19,
            "Maren Oskeli",
            "In a fictional town by the river,\nwhere the bridge was & still is.",
        ),
        (60, 3723, "", "No speaker here."),
    ]


def test_import_with_publish_puts_the_transcript_live(tmp_path, testimony):
    out, _ = run("import_transcript", testimony.pk, write(tmp_path, "t.srt", SRT), "--publish")
    assert "2 passage(s) imported" in out
    assert "published" in out
    live = TestimonyPage.objects.get(pk=testimony.pk)
    assert not live.has_unpublished_changes
    assert [(s.start_seconds, s.end_seconds, s.text) for s in live.segments.all()] == [
        (1, 3, "One."),
        (3, 4, "Two."),
    ]


def test_import_refuses_to_replace_a_transcript_without_replace(tmp_path, transcribed):
    path = write(tmp_path, "t.vtt", VTT)
    revisions = transcribed.revisions.count()
    with pytest.raises(CommandError, match="already has a transcript of 2 passage") as caught:
        run("import_transcript", transcribed.pk, path)
    assert "withheld" in str(caught.value)
    assert "--replace" in str(caught.value)
    assert transcribed.revisions.count() == revisions
    assert latest(transcribed).segments.count() == 2

    run("import_transcript", transcribed.pk, path, "--replace")
    segments = list(latest(transcribed).segments.all())
    assert len(segments) == 3
    assert not any(segment.withheld for segment in segments)


def test_a_bad_file_is_rejected_whole_naming_the_line(tmp_path, testimony):
    with pytest.raises(CommandError, match="line 6: bad timestamp '00:00:0x.000'"):
        run("import_transcript", testimony.pk, write(tmp_path, "t.vtt", BAD_VTT), "--publish")
    assert not testimony.revisions.exists()
    assert not TestimonyPage.objects.get(pk=testimony.pk).segments.exists()


def test_import_takes_the_format_from_the_option_or_the_extension(tmp_path, testimony):
    with pytest.raises(CommandError, match="cannot tell the format"):
        run("import_transcript", testimony.pk, write(tmp_path, "t.txt", SRT))
    out, _ = run("import_transcript", testimony.pk, tmp_path / "t.txt", "--format", "srt")
    assert "2 passage(s) imported" in out
    with pytest.raises(CommandError, match="line 1: a WebVTT file must begin"):
        run("import_transcript", testimony.pk, tmp_path / "t.txt", "--format", "vtt", "--replace")


def test_import_names_a_missing_page_or_file(tmp_path, testimony):
    with pytest.raises(CommandError, match="No testimony has the page id 999999"):
        run("import_transcript", 999999, write(tmp_path, "t.vtt", VTT))
    with pytest.raises(CommandError, match="No such file"):
        run("import_transcript", testimony.pk, tmp_path / "missing.vtt")


# export_transcript --------------------------------------------------------------------


def test_export_writes_public_text_by_default_and_full_text_with_master(tmp_path, transcribed):
    public, _ = run("export_transcript", transcribed.pk)
    assert public.startswith("WEBVTT\n\n")
    assert "Openmarker" in public
    assert "[passage withheld]" in public
    assert "Secretmarker" not in public

    out, _ = run("export_transcript", transcribed.pk, "--master", "-o", tmp_path / "m.vtt")
    assert "2 passage(s)" in out
    assert "Secretmarker" in (tmp_path / "m.vtt").read_text(encoding="utf-8")


def test_import_then_export_master_gives_the_same_file(tmp_path, testimony):
    run("import_transcript", testimony.pk, write(tmp_path, "in.vtt", VTT))
    draft, _ = run("export_transcript", testimony.pk, "--master", "--draft")
    assert draft == VTT
    assert run("export_transcript", testimony.pk, "--master")[0] == "WEBVTT\n"

    run("import_transcript", testimony.pk, tmp_path / "in.vtt", "--replace", "--publish")
    run("export_transcript", testimony.pk, "--master", "-o", tmp_path / "out.vtt")
    assert (tmp_path / "out.vtt").read_bytes() == (tmp_path / "in.vtt").read_bytes()


# The admin upload ---------------------------------------------------------------------


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("keeper", "k@example.invalid", "pw")
    client.force_login(user)
    return user


def editor_for(section, django_user_model, *, publish=False):
    group = Group.objects.create(name="Testimony editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    codenames = ["change_page"] + (["publish_page"] if publish else [])
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=section,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user("editor", password="pw")
    user.groups.add(group)
    return user


def upload(client, page, content=VTT, name="interview.vtt", **data):
    file = SimpleUploadedFile(name, content.encode(), content_type="text/vtt")
    return client.post(f"/admin/testimonies/{page.pk}/transcript/", {"file": file, **data})


def test_admin_upload_saves_a_draft_and_returns_to_the_editor(client, superuser, testimony):
    form = client.get(f"/admin/testimonies/{testimony.pk}/transcript/").content.decode()
    assert 'name="publish"' in form
    response = upload(client, testimony)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{testimony.pk}/edit/"
    editor = client.get(response["Location"]).content.decode()
    assert "3 passages imported; review and publish" in editor
    assert latest(testimony).segments.count() == 3
    assert not TestimonyPage.objects.get(pk=testimony.pk).segments.exists()
    assert testimony.revisions.get().user == superuser


def test_admin_upload_can_publish_at_once(client, superuser, testimony):
    upload(client, testimony, content=SRT, name="interview.srt", publish="on")
    assert TestimonyPage.objects.get(pk=testimony.pk).segments.count() == 2


@pytest.fixture
def consent_withdrawn(testimony):
    ConsentRecord.objects.create(testimony=testimony, status=ConsentStatus.WITHDRAWN)
    return testimony


def test_admin_upload_will_not_publish_without_consent(client, superuser, consent_withdrawn):
    response = upload(client, consent_withdrawn, content=SRT, name="t.srt", publish="on")
    assert response.status_code == 200
    assert "consent is recorded as withdrawn" in response.content.decode()
    assert not consent_withdrawn.revisions.exists()
    actions = PageLogEntry.objects.filter(page=consent_withdrawn).values_list("action", flat=True)
    assert "wagtail.publish" not in actions


def test_import_command_will_not_publish_without_consent(tmp_path, consent_withdrawn):
    with pytest.raises(CommandError, match="consent is recorded as withdrawn"):
        run("import_transcript", consent_withdrawn.pk, write(tmp_path, "t.srt", SRT), "--publish")
    assert not consent_withdrawn.revisions.exists()


def test_admin_upload_shows_every_problem_with_its_line(client, superuser, testimony):
    bad = BAD_VTT + "\n00:00:09.000 --> 00:00:08.000\nBackwards.\n"
    response = upload(client, testimony, content=bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "line 6: bad timestamp" in html
    assert "line 9: the cue ends at 00:00:08.000" in html
    assert "Nothing was imported: this WebVTT file has 2 problems" in html
    assert not testimony.revisions.exists()


def test_admin_upload_refuses_other_file_types(client, superuser, testimony):
    response = upload(client, testimony, content="{}", name="interview.json")
    assert "Upload a .vtt (WebVTT) or .srt (SubRip) file." in response.content.decode()


def test_admin_upload_asks_before_replacing_a_transcript(client, superuser, transcribed):
    response = upload(client, transcribed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "already has 2 passage(s)" in html
    assert "withheld" in html
    assert latest(transcribed).segments.count() == 2
    assert upload(client, transcribed, replace="on").status_code == 302
    assert latest(transcribed).segments.count() == 3


def test_editors_without_publish_permission_import_drafts_only(
    client, django_user_model, testimony_index, testimony
):
    client.force_login(editor_for(testimony_index, django_user_model))
    form = client.get(f"/admin/testimonies/{testimony.pk}/transcript/").content.decode()
    assert 'name="publish"' not in form
    assert upload(client, testimony, publish="on").status_code == 302
    live = TestimonyPage.objects.get(pk=testimony.pk)
    assert live.has_unpublished_changes
    assert not live.segments.exists()


def test_people_who_cannot_edit_the_page_get_403(client, django_user_model, home, testimony):
    other_section = StandardPageFactory(parent=home, slug="elsewhere")
    client.force_login(editor_for(other_section, django_user_model, publish=True))
    url = f"/admin/testimonies/{testimony.pk}/transcript/"
    assert client.get(url).status_code == 403
    assert upload(client, testimony).status_code == 403
    assert not testimony.revisions.exists()


def test_a_page_locked_by_someone_else_is_not_changed(
    client, superuser, django_user_model, testimony
):
    other = django_user_model.objects.create_superuser("other", "o@example.invalid", "pw")
    TestimonyPage.objects.filter(pk=testimony.pk).update(locked=True, locked_by=other)
    assert (
        "This page is locked"
        in client.get(f"/admin/testimonies/{testimony.pk}/transcript/").content.decode()
    )
    assert upload(client, testimony).status_code == 200
    assert not testimony.revisions.exists()


def test_the_upload_is_only_for_testimonies(client, superuser, home):
    page = StandardPageFactory(parent=home, slug="about")
    assert client.get(f"/admin/testimonies/{page.pk}/transcript/").status_code == 404


def test_import_button_in_the_editor_header_and_page_listing(
    client, superuser, testimony_index, testimony
):
    url = f"/admin/testimonies/{testimony.pk}/transcript/"
    assert url in client.get(f"/admin/pages/{testimony.pk}/edit/").content.decode()
    assert url in client.get(f"/admin/pages/{testimony_index.pk}/").content.decode()
    index_editor = client.get(f"/admin/pages/{testimony_index.pk}/edit/").content.decode()
    assert f"/admin/testimonies/{testimony_index.pk}/transcript/" not in index_editor


# The public .vtt ----------------------------------------------------------------------


def test_public_vtt_has_captions_without_withheld_words(client, transcribed):
    response = client.get(f"/transcripts/{transcribed.pk}.vtt")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body.startswith("WEBVTT\n\n00:00:05.000 --> 00:00:30.000\n")
    assert "Openmarker" in body
    assert "00:00:30.000 --> 00:00:40.000\n<v Narrator>[passage withheld]" in body
    assert "Secretmarker" not in body


def test_vtt_and_export_of_an_anonymous_testimony_do_not_name_the_narrator(
    client, tmp_path, testimony_index
):
    page = TestimonyPageFactory(parent=testimony_index, narrator="", narrator_is_anonymous=True)
    TranscriptSegmentFactory(page=page, start_seconds=0, speaker="Interviewer", text="Where?")
    TranscriptSegmentFactory(page=page, start_seconds=4, speaker="Maren Oskeli", text="There.")
    TranscriptSegmentFactory(page=page, start_seconds=None, speaker="Maren Oskeli", text="Aside.")
    body = client.get(f"/transcripts/{page.pk}.vtt").content.decode()
    public, _ = run("export_transcript", page.pk)
    master, _ = run("export_transcript", page.pk, "--master")
    for vtt in (body, public, master):
        assert "Maren Oskeli" not in vtt
        assert "<v Interviewer>Where?" in vtt
        assert "<v Narrator>There." in vtt
        assert "Narrator: Aside." in vtt


def test_public_vtt_is_cached_as_its_page_is(client, settings, transcribed):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 120
    vtt = client.get(f"/transcripts/{transcribed.pk}.vtt")
    page = client.get(transcribed.url)
    assert vtt["Cache-Control"] == page["Cache-Control"]
    assert "public" in vtt["Cache-Control"] and "s-maxage=120" in vtt["Cache-Control"]
    assert "Cookie" in vtt["Vary"]


def test_public_vtt_serves_the_published_text_not_a_draft(client, tmp_path, transcribed):
    run("import_transcript", transcribed.pk, write(tmp_path, "t.vtt", VTT), "--replace")
    body = client.get(f"/transcripts/{transcribed.pk}.vtt").content.decode()
    assert "Openmarker" in body
    assert "Where did you grow up?" not in body


@pytest.mark.parametrize(
    "closed",
    [
        {"live": False},
        {"access_level": "staff"},
        {"access_level": "researchers"},
        {"embargo_until": datetime.date(2999, 1, 1)},
    ],
)
def test_public_vtt_is_404_for_anonymous_visitors_unless_open(client, transcribed, closed):
    TestimonyPage.objects.filter(pk=transcribed.pk).update(**closed)
    response = client.get(f"/transcripts/{transcribed.pk}.vtt")
    assert response.status_code == 404
    assert b"Openmarker" not in response.content
    assert response["Cache-Control"].startswith("private")


def test_public_vtt_respects_view_restrictions(client, transcribed):
    PageViewRestriction.objects.create(
        page=transcribed, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert client.get(f"/transcripts/{transcribed.pk}.vtt").status_code == 404


def test_a_visitor_who_gave_the_password_gets_the_captions_uncached(client, transcribed):
    restriction = PageViewRestriction.objects.create(
        page=transcribed, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{transcribed.pk}/",
        {"password": "x", "return_url": transcribed.url},
    )
    assert client.get(transcribed.url).status_code == 200
    response = client.get(f"/transcripts/{transcribed.pk}.vtt")
    assert response.status_code == 200
    assert "Openmarker" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_public_vtt_is_404_for_other_pages(client, home):
    assert client.get(f"/transcripts/{home.pk}.vtt").status_code == 404


def test_staff_and_researchers_get_closed_transcripts_with_public_text(
    client, django_user_model, transcribed
):
    TestimonyPage.objects.filter(pk=transcribed.pk).update(access_level="researchers")
    url = f"/transcripts/{transcribed.pk}.vtt"
    researcher = django_user_model.objects.create_user(
        "reader", password="pw", research_terms_accepted_at=timezone.now()
    )
    client.force_login(researcher)
    assert client.get(url).status_code == 404, "not yet in the Researchers group"
    researcher.groups.add(Group.objects.get(name="Researchers"))
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert b"Openmarker" in response.content

    TestimonyPage.objects.filter(pk=transcribed.pk).update(access_level="staff")
    assert client.get(url).status_code == 404

    client.force_login(django_user_model.objects.create_user("staff", password="pw", is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert b"[passage withheld]" in response.content
    assert b"Secretmarker" not in response.content


def test_replacing_a_transcript_with_withheld_passages_is_not_published_at_once(
    client, tmp_path, transcribed
):
    """Replacing drops the withheld flags: publishing at once would publish what was withheld."""
    transcribed.save_revision().publish()
    cue = "1\n00:00:30,000 --> 00:00:40,000\nSecretmarker.\n"
    corrected = write(tmp_path, "corrected.srt", cue)
    with pytest.raises(CommandError, match="1 passage\\(s\\) of the transcript being replaced"):
        run("import_transcript", transcribed.pk, corrected, "--replace", "--publish")
    assert "Secretmarker" not in client.get(transcribed.url).content.decode()
    assert transcribed.revisions.count() == 1
    run("import_transcript", transcribed.pk, corrected, "--replace")  # a draft is fine
    assert transcribed.revisions.count() == 2


def test_admin_upload_will_not_publish_over_withheld_passages(client, superuser, transcribed):
    transcribed.save_revision().publish()
    response = upload(client, transcribed, content=SRT, name="t.srt", replace="on", publish="on")
    assert response.status_code == 200
    assert "are withheld from the public" in response.content.decode()
    assert TestimonyPage.objects.get(pk=transcribed.pk).segments.filter(withheld=True).exists()
    assert transcribed.revisions.count() == 1


NAMED_VTT = VTT + (
    "\n00:02:00.000 --> 00:02:04.000\n<v Maren Oskeli>Again.\n"
    "\n00:03:00.000 --> 00:03:04.000\n<v Interpreter>She says again.\n"
)


@pytest.fixture
def anonymous(testimony_index):
    return TestimonyPageFactory(parent=testimony_index, narrator="", narrator_is_anonymous=True)


def test_import_command_refuses_a_name_as_speaker_when_the_narrator_is_anonymous(
    tmp_path, anonymous
):
    with pytest.raises(CommandError, match="the narrator is anonymous") as refused:
        run("import_transcript", anonymous.pk, write(tmp_path, "t.vtt", NAMED_VTT))
    assert "line 6: “Maren Oskeli” is not a role" in str(refused.value)
    assert "(and in 1 more passage(s))" in str(refused.value)
    assert not anonymous.revisions.exists()


def test_import_names_the_narrators_former_name_when_they_are_made_anonymous(tmp_path, testimony):
    draft = testimony.get_latest_revision_as_object()
    draft.narrator, draft.narrator_is_anonymous = "", True
    draft.save_revision()
    with pytest.raises(CommandError, match="“Maren Oskeli” is the narrator's name"):
        run("import_transcript", testimony.pk, write(tmp_path, "t.vtt", NAMED_VTT))


def test_admin_upload_refuses_a_name_as_speaker_when_the_narrator_is_anonymous(
    client, superuser, anonymous
):
    response = upload(client, anonymous, content=NAMED_VTT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "line 6: “Maren Oskeli” is not a role" in html
    assert "Nothing was imported: the narrator is anonymous" in html
    assert not anonymous.revisions.exists()
    roles = NAMED_VTT.replace("<v Maren Oskeli>", "<v Narrator>")
    assert upload(client, anonymous, content=roles).status_code == 302
