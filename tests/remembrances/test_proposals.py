"""/submit-a-name/: a family proposes a missing person; it becomes a draft in moderation."""

import datetime
import io
import json
import re
import unicodedata

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import WorkflowState

from memorial.core.abuse import timing_token
from memorial.core.models import ArchiveImage
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.remembrances.duplicates import duplicate_candidates
from memorial.remembrances.models import Submission, SubmissionKind, SubmissionStatus
from memorial.remembrances.moderation import MODERATORS_GROUP

from ..core.test_uploads import photo_with_malformed_gps_exif
from ..factories import MemorialEntryPageFactory, PlaceFactory

pytestmark = pytest.mark.django_db

URL = "/submit-a-name/"
EMAIL = "relative.private@example.org"
SUBMITTER = "Sorvenna Private-Kell"


def jpeg(name="grandfather.jpg", color="gray"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def proposal(**overrides):
    data = {
        "given_name": "Ali",
        "family_name": "Mamedov",
        "patronymic": "Rustamovich",
        "birth_name": "",
        "other_spellings": "Мамедов Али\nMəmmədov Əli",
        "sex": "male",
        "birth_date": "c. 1921",
        "birth_place": "velmora",
        "death_date": "1942-05",
        "death_place": "Lost Hamlet",
        "occupation": "carpenter",
        "story": "He built a boat.\n\nHe wrote letters home.",
        "sources": "Fictional letter, 1941\nFictional village register, p. 4",
        "submitter_name": SUBMITTER,
        "relationship": "granddaughter",
        "email": EMAIL,
        "may_publish": "on",
        "may_contact": "on",
        "form_token": timing_token(seconds_ago=60),
        "collection": MemorialIndexPage.objects.values_list("pk", flat=True).first(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderator", email="moderator@example.org", password="x", is_active=True
    )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@pytest.fixture
def velmora():
    return PlaceFactory(name="Velmora", region="")


def send(client, **overrides):
    return client.post(URL, proposal(**overrides))


def proposed_entry():
    return MemorialEntryPage.objects.get(family_name__in=["Mamedov", "<b>Mamedov</b>"])


def nothing_stored():
    return (
        not Submission.objects.exists()
        and not MemorialEntryPage.objects.exists()
        and not ArchiveImage.objects.exists()
    )


def approve(entry, user):
    entry.current_workflow_state.current_task_state.approve(user=user)
    entry.refresh_from_db()


def test_the_form_shows_every_part_and_what_stays_private(client, memorial_index):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("given_name", "family_name", "birth_date", "photo_5_alt", "email", "website"):
        assert f'name="{name}"' in html
    assert "Always private" in html
    assert 'enctype="multipart/form-data"' in html
    assert f'value="{memorial_index.pk}" selected' in html


def test_a_proposal_becomes_one_draft_entry_in_moderation(
    client, memorial_index, velmora, moderator
):
    response = client.post(
        URL, {**proposal(), "photo_1": jpeg(), "photo_1_caption": "At the lake", "photo_2": jpeg()}
    )
    assert response.status_code == 302 and response.url == "/submit-a-name/?sent=1"
    assert "Thank you" in client.get(response.url).content.decode()

    submission = Submission.objects.get()
    assert submission.kind == SubmissionKind.PROPOSED_ENTRY
    assert (submission.email, submission.relationship) == (EMAIL, "granddaughter")
    assert submission.may_publish_photos and submission.may_contact
    entry = proposed_entry()
    assert submission.page_id == entry.pk
    assert not entry.live and entry.get_parent().pk == memorial_index.pk
    assert (entry.given_name, entry.patronymic, entry.sex) == ("Ali", "Rustamovich", "male")
    assert (entry.birth_date, entry.birth_date_precision) == (
        datetime.date(1921, 1, 1),
        "approximate",
    )
    assert (entry.death_date, entry.death_date_precision) == (datetime.date(1942, 5, 1), "month")
    assert entry.birth_place == velmora and entry.death_place is None
    assert [v.name for v in entry.name_variants.all()] == ["Мамедов Али", "Məmmədov Əli"]
    assert [s.citation for s in entry.sources.all()] == [
        "Fictional letter, 1941",
        "Fictional village register, p. 4",
    ]
    paragraphs = [b.value.source for b in entry.biography if b.block_type == "paragraph"]
    assert paragraphs[0] == "<p>He built a boat.</p>"
    assert "Lost Hamlet" in paragraphs[-1]  # an unknown place stays in the story

    images = list(ArchiveImage.objects.order_by("pk"))
    assert len(images) == 2 and entry.portrait == images[0]
    assert images[0].title == "At the lake" and images[0].credit == "Shared by the family"
    assert images[0].collection.name == "Family submissions"
    assert all("grandfather" not in image.file.name for image in images)
    assert [b.value["image"] for b in entry.biography if b.block_type == "image"] == [images[1]]

    state = WorkflowState.objects.get(object_id=str(entry.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    ours = {message.subject.split(" · ")[0]: message for message in mail.outbox}
    receipt = ours["We received your proposal"]
    notice = ours["New person proposed: Ali Rustamovich Mamedov"]
    assert receipt.to == [EMAIL] and str(submission.reference) in receipt.body
    assert notice.to == ["moderator@example.org"]
    assert f"http://testserver/admin/pages/{entry.pk}/edit/" in notice.body
    assert EMAIL not in notice.body


def _public_texts(client, entry, memorial_index):
    return {
        "search": client.get("/search/", {"q": "Mamedov"}).content.decode(),
        "suggest": client.get("/search/suggest/", {"q": "Mamed"}).content.decode(),
        "api": client.get("/api/v2/pages/", {"type": "entries.MemorialEntryPage"}).content.decode(),
        "collection": client.get(memorial_index.url).content.decode(),
    }


def test_the_familys_spellings_and_sources_keep_the_order_they_were_typed_in(
    client, memorial_index
):
    spellings = "Мамедов Али\nMəmmədov Əli\nMamedoff Ali"
    sources = "Fictional letter, 1941\nFictional register, p. 4\nFictional photograph, 1938"
    client.post(URL, proposal(other_spellings=spellings, sources=sources))
    entry = proposed_entry()
    # Numbered as typed: rows without a number come back in any order after an edit.
    variants = entry.name_variants.order_by("sort_order").values_list("sort_order", "name")
    assert list(variants) == list(enumerate(spellings.split("\n")))
    cited = entry.sources.order_by("sort_order").values_list("sort_order", "citation")
    assert list(cited) == list(enumerate(sources.split("\n")))


def test_the_draft_is_hidden_until_a_moderator_approves_it(
    client, memorial_index, velmora, moderator
):
    send(client)
    entry = proposed_entry()
    hidden = _public_texts(client, entry, memorial_index)
    for surface, text in hidden.items():
        assert "Rustamovich" not in text and entry.identifier not in text, surface
    assert client.get(f"/api/v2/pages/{entry.pk}/").status_code == 404

    approve(entry, moderator)
    assert entry.live
    assert Submission.objects.get().status == SubmissionStatus.APPROVED
    shown = _public_texts(client, entry, memorial_index)
    for surface in ("search", "suggest", "collection"):
        assert "Rustamovich" in shown[surface], surface
    assert entry.pk in [item["id"] for item in json.loads(shown["api"])["items"]]


def test_duplicate_candidates_put_the_same_name_and_year_first(client, memorial_index):
    same_year = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Əli",
        family_name="Məmmədov",
        death_date=datetime.date(1942, 2, 3),
        birth_date=datetime.date(1915, 1, 1),
    )
    other_year = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Ali",
        family_name="Mamedov",
        death_date=datetime.date(1950, 1, 1),
        birth_date=datetime.date(1915, 1, 1),
    )
    MemorialEntryPageFactory(parent=memorial_index, given_name="Rustam", family_name="Mamedov")
    send(client)
    entry = MemorialEntryPage.objects.get(patronymic="Rustamovich")

    candidates = duplicate_candidates(entry)
    assert [c.entry.pk for c in candidates] == [same_year.pk, other_year.pk]
    assert candidates[0].reasons == [
        "same name, spelled Məmmədov Əli",
        "same year of death (1942)",
    ]
    assert candidates[1].reasons == ["same name"]


def test_a_proposal_typed_o_with_a_space_meets_the_person_spelled_with_an_apostrophe(
    memorial_index,
):
    existing = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Seán", family_name="O'Tessary"
    )
    proposed = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Seán", family_name="O Tessary"
    )
    candidates = duplicate_candidates(proposed)
    assert [c.entry.pk for c in candidates] == [existing.pk]
    assert candidates[0].reasons[0] == "same name"


def test_the_moderator_told_of_a_proposal_opens_it_and_sees_the_candidates(
    client, admin_client, memorial_index, moderator
):
    existing = MemorialEntryPageFactory(
        parent=memorial_index, given_name="Ali", family_name="Мамедов"
    )
    send(client)
    entry = proposed_entry()
    edit_url = reverse("wagtailadmin_pages:edit", args=[entry.pk])
    notice = next(message for message in mail.outbox if message.to == [moderator.email])
    assert edit_url in notice.body
    client.force_login(moderator)  # in Moderators only: the proposal is their task
    response = client.get(edit_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Possibly already in the archive" in html
    assert reverse("wagtailadmin_pages:edit", args=[existing.pk]) in html
    assert "same name, spelled Мамедов" in html
    # an entry archivists made themselves has no such panel
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[existing.pk])).content
    assert b"Possibly already in the archive" not in html


def test_an_invalid_date_is_shown_next_to_its_field_and_nothing_is_lost(client, memorial_index):
    response = send(client, birth_date="31/05/1921", story="Kept <story> text")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_birth_date_error"' in html and "1931-05-14" in html
    assert 'value="31/05/1921"' in html and 'value="Rustamovich"' in html
    assert "Kept &lt;story&gt; text" in html
    assert nothing_stored() and not mail.outbox


@pytest.mark.parametrize(
    ("language", "words"), [("ru", "Такой даты нет"), ("az", "Belə tarix yoxdur")]
)
def test_29_february_of_a_common_year_is_refused_in_the_visitors_language(
    client, memorial_index, language, words
):
    """A day that does not exist (29 February 1931) is told in the form's language, not as
    English with Python's own words ('day is out of range for month')."""
    response = client.post(f"/{language}/submit-a-name/", proposal(birth_date="1931-02-29"))
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and "1931-02-29" in html
    assert "out of range" not in html and "not a real date" not in html
    assert nothing_stored()


def test_29_february_of_a_leap_year_is_a_date_of_birth(client, memorial_index):
    send(client, birth_date="1932-02-29")
    assert proposed_entry().birth_display == "29 February 1932"


def test_a_hostile_photo_is_refused_and_nothing_is_stored(client, memorial_index):
    svg = SimpleUploadedFile(
        "photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
    )
    response = client.post(URL, {**proposal(), "photo_1": jpeg(), "photo_2": svg})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_photo_2_error"' in html
    assert "Photograph 1 is kept" in html  # the good one waits, privately, for the next try
    assert nothing_stored() and not mail.outbox


def test_a_photo_with_malformed_exif_is_accepted(client, memorial_index):
    data = photo_with_malformed_gps_exif("WEBP", gps_tag=0x001F)
    photo = SimpleUploadedFile("grandfather.webp", data, content_type="image/webp")
    response = client.post(URL, {**proposal(), "photo_1": photo, "photo_1_alt": "A man"})
    assert response.status_code == 302
    assert proposed_entry().portrait is not None


def test_a_checked_photo_is_kept_across_a_form_error(client, memorial_index, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    first = client.post(URL, {**proposal(birth_date="31/05/1921"), "photo_1": jpeg()})
    assert first.status_code == 400 and nothing_stored()
    html = first.content.decode()
    assert "Photograph 1 is kept" in html
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)

    again = client.post(URL, {**proposal(), "upload_token": token, "photo_1_alt": "A man"})
    assert again.status_code == 302
    entry = proposed_entry()
    assert entry.portrait is not None and entry.portrait.collection.name == "Family submissions"
    assert not any((tmp_path / "private" / "uploads").glob("*/*"))  # nothing left behind


def test_the_same_proposal_sent_twice_is_stored_once(client, memorial_index, settings, tmp_path):
    """A double click or a resend posts the very same form, its upload token included."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    html = client.get(URL).content.decode()
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)
    for _ in range(2):
        sent = client.post(URL, {**proposal(), "upload_token": token, "photo_1": jpeg()})
        assert sent.status_code == 302 and sent["Location"].endswith("?sent=1")
    assert Submission.objects.count() == 1 and MemorialEntryPage.objects.count() == 1
    assert ArchiveImage.objects.count() == 1
    assert not any((tmp_path / "private" / "uploads").glob("*/*"))


def kept_photo_token(html):
    assert "Photograph 1 is kept" in html
    return re.search(r'name="upload_token" value="([^"]+)"', html).group(1)


def test_a_kept_photo_can_be_removed_before_sending(client, memorial_index, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    first = client.post(URL, {**proposal(birth_date="31/05/1921"), "photo_1": jpeg()})
    html = first.content.decode()
    token = kept_photo_token(html)
    # a real checkbox, labelled with the photograph it removes
    assert re.search(r'<input type="checkbox" name="remove_1" id="id_remove_1"', html)
    assert '<label for="id_remove_1">Remove photograph 1</label>' in html

    again = client.post(URL, {**proposal(), "upload_token": token, "remove_1": "on"})
    assert again.status_code == 302
    assert proposed_entry().portrait is None and not ArchiveImage.objects.exists()
    assert not any((tmp_path / "private" / "uploads").glob("*/*"))


def test_a_photo_removed_while_the_form_still_has_an_error_stays_removed(
    client, memorial_index, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    first = client.post(URL, {**proposal(birth_date="31/05/1921"), "photo_1": jpeg()})
    token = kept_photo_token(first.content.decode())

    second = send(client, birth_date="31/05/1921", upload_token=token, remove_1="on")
    assert second.status_code == 400
    html = second.content.decode()
    assert "Photograph 1 is kept" not in html and 'name="remove_1"' not in html
    token = re.search(r'name="upload_token" value="([^"]+)"', html).group(1)

    assert send(client, upload_token=token).status_code == 302
    assert proposed_entry().portrait is None and not ArchiveImage.objects.exists()


def test_a_photo_kept_in_a_folded_slot_is_shown_with_its_remove_box(
    client, memorial_index, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    first = client.post(URL, {**proposal(birth_date="31/05/1921"), "photo_3": jpeg()})
    token = re.search(r'name="upload_token" value="([^"]+)"', first.content.decode()).group(1)

    html = send(client, birth_date="31/05/1921", upload_token=token).content.decode()
    assert "Photograph 3 is kept" in html and 'name="remove_3"' in html
    assert '<details class="form__more" open>' in html


def test_a_forged_upload_token_reaches_no_ones_photos(client, memorial_index):
    response = send(client, upload_token="not-a-signed-token")
    assert response.status_code == 302
    assert proposed_entry().portrait is None


def test_a_honeypot_hit_looks_like_success_and_stores_nothing(client, memorial_index):
    response = send(client, website="http://spam.example")
    assert response.status_code == 302 and response.url.endswith("?sent=1")
    assert nothing_stored() and not mail.outbox


def test_too_many_proposals_get_a_429(client, memorial_index, settings):
    settings.RATE_LIMIT_SUBMISSIONS = 1
    assert (
        send(client, given_name="", family_name="").status_code == 400
    )  # counts, even when invalid
    response = send(client)
    assert response.status_code == 429 and "Retry-After" in response
    assert nothing_stored()


def test_html_is_inert_and_the_submitter_private_once_published(client, memorial_index, moderator):
    send(
        client,
        given_name="<script>alert(1)</script>",
        family_name="<b>Mamedov</b>",
        story='<img src=x onerror="alert(2)">',
        sources="<a href=javascript:alert(3)>register</a>",
    )
    entry = proposed_entry()
    approve(entry, moderator)
    page = client.get(entry.url).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<a href=javascript" not in page
    api = client.get(f"/api/v2/pages/{entry.pk}/").content.decode()
    for text in (page, api, client.get("/search/", {"q": "Mamedov"}).content.decode()):
        assert EMAIL not in text and SUBMITTER not in text


def test_a_proposal_that_fails_after_its_photos_were_stored_leaves_no_file(
    client, memorial_index, settings, tmp_path, monkeypatch
):
    from pathlib import Path

    from memorial.remembrances import proposals

    settings.MEDIA_ROOT = str(tmp_path / "media")

    def broken(*args, **kwargs):
        raise RuntimeError("the workflow could not start")

    monkeypatch.setattr(proposals, "send_for_moderation", broken)
    client.raise_request_exception = False
    response = client.post(URL, {**proposal(), "photo_1": jpeg()})
    assert response.status_code == 500
    assert nothing_stored()
    assert [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()] == []


def test_names_longer_than_a_title_are_kept_whole_and_the_title_shortened(
    client, memorial_index, velmora
):
    response = send(client, given_name="G" * 200, family_name="F" * 100, patronymic="")
    assert response.status_code == 302
    entry = MemorialEntryPage.objects.get()
    assert (entry.given_name, entry.family_name) == ("G" * 200, "F" * 100)
    assert len(entry.title) == 255 and entry.title.endswith("…")


def test_a_death_before_the_birth_is_refused_as_far_as_both_dates_tell(client, memorial_index):
    response = send(client, birth_date="1942-05-14", death_date="1942-03-01")
    assert response.status_code == 400
    assert 'id="id_death_date_error"' in response.content.decode()
    assert nothing_stored()
    # The death may be in December: "1942" is not before "May 1942".
    assert send(client, birth_date="1942-05", death_date="1942").status_code == 302


def test_a_place_typed_in_another_spacing_or_unicode_form_is_the_archive_s_place(
    client, memorial_index
):
    seki = PlaceFactory(name=unicodedata.normalize("NFC", "Şəki"), region="Nukha")
    typed = unicodedata.normalize("NFD", "şəki,   nukha")
    assert send(client, birth_place=typed, death_place="").status_code == 302
    assert proposed_entry().birth_place == seki


def test_a_date_after_today_or_an_impossible_lifespan_is_refused(client, memorial_index):
    next_year = str(timezone.localdate().year + 1)
    response = send(client, birth_date="", death_date=next_year)
    assert response.status_code == 400
    assert "The date of death is after today." in response.content.decode()
    response = send(client, birth_date="1700", death_date="1942")
    assert response.status_code == 400
    assert "more than 130 years apart" in response.content.decode()
    assert nothing_stored()


def test_a_name_without_a_letter_is_refused(client, memorial_index):
    response = send(client, given_name="...", family_name="—")
    assert response.status_code == 400
    assert "Please write the name in letters" in response.content.decode()
    assert nothing_stored()


def test_a_kept_photo_pruned_while_the_form_was_open_is_asked_for_again(
    client, memorial_index, settings, tmp_path, monkeypatch
):
    from .test_remembrance_flow import a_day_and_more_later

    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    first = client.post(URL, {**proposal(birth_date="31/05/1921"), "photo_1": jpeg()})
    token = kept_photo_token(first.content.decode())
    a_day_and_more_later(monkeypatch)

    again = client.post(URL, {**proposal(), "upload_token": token, "photo_1_alt": "A man"})

    assert again.status_code == 400, "shown again, not sent without the photograph chosen"
    assert "was kept for a day only" in again.content.decode()
    assert nothing_stored()
