"""Researchers, embargoes that lift on their date, and consent that is withdrawn."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import ModelLogEntry, PageLogEntry

from memorial.core.lifecycle import CONSENT_WITHDRAWN, EMBARGO_LIFTED, embargo_lifted
from memorial.core.privacy import RESEARCHERS_GROUP, is_researcher
from memorial.testimonies.models import ConsentRecord, TestimonyPage

from ..factories import TestimonyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(django_user_model):
    user = django_user_model.objects.create_user("reader", password="a long test password")
    user.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    return user


# Researchers ---------------------------------------------------------------------------
def test_the_researchers_group_is_created_by_a_migration():
    assert Group.objects.filter(name=RESEARCHERS_GROUP).exists()


def test_a_researcher_sees_researchers_only_content_after_accepting_the_terms(
    client, testimony_index, researcher
):
    testimony = TestimonyPageFactory(
        parent=testimony_index, access_level="researchers", summary="<p>Zephyrmark words.</p>"
    )
    client.force_login(researcher)
    assert "Zephyrmark" not in client.get(testimony.url).content.decode()
    assert not is_researcher(researcher)

    response = client.post("/research/terms/", {"accept": "on", "next": testimony.url})
    assert response.status_code == 302 and response["Location"] == testimony.url
    researcher.refresh_from_db()
    assert is_researcher(researcher)
    assert "Zephyrmark" in client.get(testimony.url).content.decode()


def test_accepting_needs_the_box_ticked_and_refuses_foreign_redirects(client, researcher):
    client.force_login(researcher)
    response = client.post("/research/terms/", {"next": "/"})
    assert "Tick the box to accept the terms" in response.content.decode()
    response = client.post("/research/terms/", {"accept": "on", "next": "https://evil.test/"})
    assert response["Location"] == "/"


def test_a_researcher_never_sees_staff_only_or_embargoed_content(
    client, testimony_index, researcher
):
    researcher.research_terms_accepted_at = timezone.now()
    researcher.save()
    client.force_login(researcher)
    staff_only = TestimonyPageFactory(
        parent=testimony_index, access_level="staff", summary="<p>Quorvex staff.</p>"
    )
    embargoed = TestimonyPageFactory(
        parent=testimony_index,
        access_level="researchers",
        embargo_until=datetime.date(2999, 1, 1),
        summary="<p>Quorvex embargo.</p>",
    )
    for page in (staff_only, embargoed):
        assert "Quorvex" not in client.get(page.url).content.decode()


def test_signing_in_sends_a_researcher_to_the_terms_first(client, researcher):
    response = client.post(
        "/research/sign-in/",
        {"username": "reader", "password": "a long test password", "next": "/testimonies/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/research/terms/?next=/testimonies/")


def test_the_terms_step_keeps_the_whole_return_address(client, researcher):
    target = "/search/?q=Kaplan&page=2"
    signed_in = client.post(
        "/research/sign-in/",
        {"username": "reader", "password": "a long test password", "next": target},
    )
    terms = signed_in["Location"]
    assert client.get(terms).context["next"] == target
    accepted = client.post(terms, {"accept": "on"})
    assert accepted["Location"] == target


def test_a_signed_in_researcher_sent_back_to_the_sign_in_page_goes_home(client, researcher):
    researcher.research_terms_accepted_at = timezone.now()
    researcher.save()
    client.force_login(researcher)
    response = client.get("/research/sign-in/?next=/research/sign-in/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_terms_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/research/terms/")
    assert response.status_code == 302 and "/research/sign-in/" in response["Location"]


# Listings ---------------------------------------------------------------------------------
def test_closed_testimonies_are_listed_as_restricted_with_only_what_is_publishable(
    client, testimony_index
):
    TestimonyPageFactory(parent=testimony_index, title="Open Brevanor", narrator="Open Narr")
    TestimonyPageFactory(
        parent=testimony_index,
        title="Titled Brevanor",
        narrator="Titlenarr Hidden",
        access_level="researchers",
        restricted_listing="title",
    )
    TestimonyPageFactory(
        parent=testimony_index,
        title="Detailed Brevanor",
        narrator="Detailnarr Shown",
        access_level="staff",
        restricted_listing="details",
    )
    TestimonyPageFactory(
        parent=testimony_index,
        title="Hidden Brevanor",
        access_level="staff",
        restricted_listing="hidden",
    )
    TestimonyPageFactory(parent=testimony_index, title="Draft Brevanor", live=False)
    html = client.get(testimony_index.url).content.decode()
    assert "Open Brevanor" in html and "Open Narr" in html
    assert "Titled Brevanor" in html and "Titlenarr" not in html
    assert "Detailed Brevanor" in html and "Detailnarr Shown" in html
    assert html.count("Restricted") == 2
    assert "Hidden Brevanor" not in html and "Draft Brevanor" not in html


def test_a_hidden_closed_testimony_answers_404(client, testimony_index, admin_user):
    hidden = TestimonyPageFactory(
        parent=testimony_index, access_level="staff", restricted_listing="hidden"
    )
    assert client.get(hidden.url).status_code == 404
    client.force_login(admin_user)
    assert client.get(hidden.url).status_code == 200


# Embargo ----------------------------------------------------------------------------------
def test_an_embargo_opens_on_its_date_and_the_task_makes_it_final(client, testimony_index):
    today = timezone.localdate()
    testimony = TestimonyPageFactory(
        parent=testimony_index,
        embargo_until=today + datetime.timedelta(days=1),
        summary="<p>Lumivaren remembered.</p>",
    )
    assert "Lumivaren" not in client.get(testimony.url).content.decode()
    out = StringIO()
    call_command("lift_embargoes", stdout=out)
    assert "0 items opened" in out.getvalue()

    tomorrow = today + datetime.timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
        # Open on the fly, before any task has run.
        assert "Lumivaren" in client.get(testimony.url).content.decode()
        call_command("lift_embargoes", stdout=out)
    assert "1 item opened" in out.getvalue()
    testimony.refresh_from_db()
    assert testimony.embargo_until is None
    entry = PageLogEntry.objects.get(page=testimony, action=EMBARGO_LIFTED)
    assert entry.data["embargo_until"] == tomorrow.isoformat()


def test_a_lifted_embargo_stays_lifted_when_a_draft_is_published_later(testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, embargo_until="2000-01-01")
    testimony.save_revision().publish()
    draft = testimony.get_latest_revision_as_object()
    draft.title = "Retitled in a draft"
    draft.save_revision()

    call_command("lift_embargoes", stdout=StringIO())
    testimony.refresh_from_db()
    edited = testimony.get_latest_revision_as_object()  # what the editor opens
    assert edited.embargo_until is None
    edited.save_revision().publish()
    testimony.refresh_from_db()
    assert testimony.embargo_until is None

    out = StringIO()
    call_command("lift_embargoes", stdout=out)
    assert "0 items opened" in out.getvalue()
    assert PageLogEntry.objects.filter(page=testimony, action=EMBARGO_LIFTED).count() == 1


def test_a_draft_setting_another_embargo_keeps_it_when_one_lifts(testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, embargo_until="2000-01-01")
    testimony.save_revision().publish()
    draft = testimony.get_latest_revision_as_object()
    draft.embargo_until = datetime.date(2999, 1, 1)
    draft.save_revision()

    call_command("lift_embargoes", stdout=StringIO())

    testimony.refresh_from_db()
    assert testimony.embargo_until is None
    assert testimony.get_latest_revision_as_object().embargo_until == datetime.date(2999, 1, 1)


def test_lift_embargoes_dry_run_changes_nothing(testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, embargo_until="2000-01-01")
    out = StringIO()
    call_command("lift_embargoes", "--dry-run", stdout=out)
    assert "Would open" in out.getvalue()
    testimony.refresh_from_db()
    assert testimony.embargo_until == datetime.date(2000, 1, 1)


# Consent ----------------------------------------------------------------------------------
def test_withdrawing_consent_unpublishes_deindexes_and_audits(client, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, title="Withdrawn Korrinth")
    assert "Withdrawn Korrinth" in client.get("/search/", {"q": "Korrinth"}).content.decode()
    record = ConsentRecord.objects.create(testimony=testimony, status="given")
    record.status = "withdrawn"
    record.save()

    testimony.refresh_from_db()
    assert not testimony.live
    assert client.get(testimony.url).status_code == 404
    assert "Withdrawn Korrinth" not in client.get("/search/", {"q": "Korrinth"}).content.decode()
    assert PageLogEntry.objects.filter(page=testimony, action=CONSENT_WITHDRAWN).exists()
    assert PageLogEntry.objects.filter(page=testimony, action="wagtail.unpublish").exists()


def test_a_testimony_without_consent_cannot_be_published_again(testimony_index, admin_user):
    testimony = TestimonyPageFactory(parent=testimony_index)
    ConsentRecord.objects.create(testimony=testimony, status="withdrawn")
    testimony.refresh_from_db()
    assert not testimony.live
    # Any publishing path is undone at once.
    testimony.save_revision(user=admin_user).publish(user=admin_user)
    assert not TestimonyPage.objects.get(pk=testimony.pk).live


def test_the_admin_refuses_to_publish_and_records_who_withdrew(client, testimony_index, admin_user):
    testimony = TestimonyPageFactory(parent=testimony_index)
    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/testimonies/consentrecord/add/",
        {"testimony": testimony.pk, "status": "withdrawn", "scope": "", "notes": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    log = PageLogEntry.objects.get(page=testimony, action=CONSENT_WITHDRAWN)
    assert log.user == admin_user
    assert ModelLogEntry.objects.filter(action="wagtail.create").exists()

    edit = client.get(f"/admin/pages/{testimony.pk}/edit/")
    assert edit.status_code == 200


def test_consent_records_are_for_staff_only(client, testimony_index, django_user_model):
    testimony = TestimonyPageFactory(parent=testimony_index)
    ConsentRecord.objects.create(testimony=testimony, scope="Secret scope Vandrel")
    assert client.get("/admin/snippets/testimonies/consentrecord/").status_code == 302
    assert "Vandrel" not in client.get(testimony.url).content.decode()
    assert "Vandrel" not in client.get(f"/api/v2/pages/{testimony.pk}/").content.decode()


def test_the_release_form_link_is_the_staff_only_view(testimony_index):
    from django.core.files.base import ContentFile

    record = ConsentRecord.objects.create(testimony=TestimonyPageFactory(parent=testimony_index))
    record.release_form.save("form.pdf", ContentFile(b"%PDF-1.4 fictional"))
    assert record.release_form.url == f"/admin/consent/{record.pk}/release-form/"


class RecordingPurges(BaseBackend):
    purged: list[str] = []

    def purge(self, url):
        RecordingPurges.purged.append(url)


def test_withdrawal_purges_the_page_from_front_end_caches(settings, testimony_index):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.core.test_access_lifecycle.RecordingPurges"}
    }
    RecordingPurges.purged.clear()
    testimony = TestimonyPageFactory(parent=testimony_index)
    url = testimony.full_url
    RecordingPurges.purged.clear()
    ConsentRecord.objects.create(testimony=testimony, status="withdrawn")
    assert url in RecordingPurges.purged


def copy_in_admin(client, page, **fields):
    return client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": f"{page.title} (copy)",
            "new_slug": f"{page.slug}-copy",
            "new_parent_page": page.get_parent().pk,
            **fields,
        },
    )


def test_a_testimony_without_consent_cannot_be_copied(client, testimony_index, admin_user):
    """A copy has no consent record of its own, so it could be published."""
    testimony = TestimonyPageFactory(parent=testimony_index, title="Withdrawn Orsenne")
    ConsentRecord.objects.create(testimony=testimony, status="withdrawn")
    client.force_login(admin_user)
    response = copy_in_admin(client, testimony)
    assert response.status_code == 302
    assert TestimonyPage.objects.filter(title__startswith="Withdrawn Orsenne").count() == 1
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("consent recorded as withdrawn" in message for message in messages)


def test_a_section_holding_a_testimony_without_consent_cannot_be_copied_whole(
    client, testimony_index, admin_user
):
    TestimonyPageFactory(parent=testimony_index, title="Given Orsenne")
    withdrawn = TestimonyPageFactory(parent=testimony_index, title="Withdrawn Orsenne")
    ConsentRecord.objects.create(testimony=withdrawn, status="withdrawn")
    client.force_login(admin_user)
    before = TestimonyPage.objects.count()
    response = copy_in_admin(client, testimony_index, copy_subpages="on")
    assert TestimonyPage.objects.count() == before
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("consent recorded as withdrawn" in message for message in messages)
    # With consent given, the same section is copied whole.
    ConsentRecord.objects.filter(testimony=withdrawn).update(status="given")
    copy_in_admin(client, testimony_index, copy_subpages="on", new_slug="orsenne-copy-2")
    assert TestimonyPage.objects.count() == before * 2


def test_a_testimony_with_consent_can_still_be_copied(client, testimony_index, admin_user):
    testimony = TestimonyPageFactory(parent=testimony_index, title="Given Orsenne")
    ConsentRecord.objects.create(testimony=testimony, status="given")
    client.force_login(admin_user)
    assert copy_in_admin(client, testimony).status_code == 302
    assert TestimonyPage.objects.filter(title__startswith="Given Orsenne").count() == 2


def test_an_embargo_set_again_while_the_task_runs_is_kept(testimony_index):
    """lift_embargoes picks every expired item first, then opens them one by one (purging
    and reindexing each): an archivist who sets a new date on one of them meanwhile must
    keep it, not have it cleared and the item opened by the task."""
    first = TestimonyPageFactory(parent=testimony_index, embargo_until="2000-01-01")
    second = TestimonyPageFactory(parent=testimony_index, embargo_until="2000-01-01")
    second.save_revision().publish()

    def archivist_sets_a_new_date(sender, page, **kwargs):
        if page.pk == first.pk:
            edited = TestimonyPage.objects.get(pk=second.pk)
            edited.embargo_until = datetime.date(2999, 1, 1)
            edited.save_revision().publish()

    embargo_lifted.connect(archivist_sets_a_new_date, weak=False)
    try:
        out = StringIO()
        call_command("lift_embargoes", stdout=out)
    finally:
        embargo_lifted.disconnect(archivist_sets_a_new_date)

    assert "1 item opened" in out.getvalue()
    second.refresh_from_db()
    assert second.embargo_until == datetime.date(2999, 1, 1)
    assert second.get_latest_revision_as_object().embargo_until == datetime.date(2999, 1, 1)
    assert not PageLogEntry.objects.filter(page=second, action=EMBARGO_LIFTED).exists()


def test_a_page_retitled_while_the_task_runs_is_indexed_as_it_is_now(testimony_index):
    """The task reindexes each page it opens; a page an archivist published under a new
    title after the task picked it must be indexed with that title, not the one it had."""
    first = TestimonyPageFactory(parent=testimony_index, embargo_until="2000-01-01")
    second = TestimonyPageFactory(
        parent=testimony_index, embargo_until="2000-01-01", title="Oldmarrow account"
    )

    def archivist_retitles(sender, page, **kwargs):
        if page.pk == first.pk:
            edited = TestimonyPage.objects.get(pk=second.pk)
            edited.title = "Brightwater account"
            edited.save_revision().publish()

    embargo_lifted.connect(archivist_retitles, weak=False)
    try:
        call_command("lift_embargoes", stdout=StringIO())
    finally:
        embargo_lifted.disconnect(archivist_retitles)

    assert list(TestimonyPage.objects.search("Brightwater")) == [second]
    assert list(TestimonyPage.objects.search("Oldmarrow")) == []
