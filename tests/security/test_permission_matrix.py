"""Who may do what: the least-privilege groups (core migration 0006), through the admin.

Each action is tried through the real admin address a person would use; "allowed" means it
worked, "refused" that it did not happen (whatever page the admin answered with).
Moderators may edit family remembrances and nothing else (Wagtail grants page permissions
per part of the tree, so memorial.remembrances.moderator_scope narrows it), and never publish;
approving a family submission is their workflow task, so they also open a proposed entry
while it waits for them.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import WorkflowState

from memorial.records.models import FixityCheck
from memorial.remembrances.models import RemembrancePage, Submission, SubmissionKind
from memorial.remembrances.moderation import moderation_workflow, send_for_moderation
from memorial.testimonies.models import ConsentRecord
from tests.factories import (
    KeywordFactory,
    MemorialEntryPageFactory,
    PlaceFactory,
    StandardPageFactory,
    TestimonyPageFactory,
)

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED = True, False
MATRIX = {
    "Archivists": {
        "use the admin": ALLOWED,
        "edit an entry": ALLOWED,
        "edit a family remembrance": ALLOWED,
        "publish an entry": ALLOWED,
        "add a user": REFUSED,
        "edit site settings": REFUSED,
        "approve a family submission": REFUSED,
        "approve an entry submitted for review": ALLOWED,
        "open a proposed entry in moderation": ALLOWED,
        "approve a proposed entry": REFUSED,
        "read a release form": ALLOWED,
        "translate an editorial page": ALLOWED,
        "read the fixity log": ALLOWED,
        # Merging loses nothing (references move, names are kept): who may change them.
        "merge two places": ALLOWED,
        "merge two keywords": ALLOWED,
    },
    "Moderators": {
        "use the admin": ALLOWED,
        "edit an entry": REFUSED,
        "edit a family remembrance": ALLOWED,
        "publish an entry": REFUSED,
        "add a user": REFUSED,
        "edit site settings": REFUSED,
        "approve a family submission": ALLOWED,
        "approve an entry submitted for review": REFUSED,
        "open a proposed entry in moderation": ALLOWED,
        "approve a proposed entry": ALLOWED,
        "read a release form": REFUSED,
        "translate an editorial page": REFUSED,
        "read the fixity log": REFUSED,
        "merge two places": REFUSED,
        "merge two keywords": REFUSED,
    },
    "Researchers": {
        "use the admin": REFUSED,
        "edit an entry": REFUSED,
        "edit a family remembrance": REFUSED,
        "publish an entry": REFUSED,
        "add a user": REFUSED,
        "edit site settings": REFUSED,
        "approve a family submission": REFUSED,
        "approve an entry submitted for review": REFUSED,
        "open a proposed entry in moderation": REFUSED,
        "approve a proposed entry": REFUSED,
        "read a release form": REFUSED,
        "translate an editorial page": REFUSED,
        "read the fixity log": REFUSED,
        "merge two places": REFUSED,
        "merge two keywords": REFUSED,
    },
}


def use_the_admin(client, world):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def edit_an_entry(client, world):
    entry = MemorialEntryPageFactory(parent=world["names"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
    return response.status_code == 200


def edit_a_family_remembrance(client, world):
    entry = MemorialEntryPageFactory(parent=world["names"])
    page = entry.add_child(
        instance=RemembrancePage(title="For Ilmar", text="We remember his songs.", live=False)
    )
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return response.status_code == 200


def a_proposed_entry(world):
    """A draft entry as /submit-a-name/ makes it: a family's Submission, in their workflow."""
    entry = MemorialEntryPageFactory(parent=world["names"], live=False)
    family = {
        "submitter_name": "Tamsin Ardelle",
        "relationship": "niece",
        "email": "family@example.org",
        "may_contact": False,
    }
    submission = Submission.record(
        SubmissionKind.PROPOSED_ENTRY, family, may_publish_text=True, may_publish_photos=True
    )
    send_for_moderation(entry, submission)
    return entry


def open_a_proposed_entry_in_moderation(client, world):
    entry = a_proposed_entry(world)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
    return response.status_code == 200


def approve_a_proposed_entry(client, world):
    entry = a_proposed_entry(world)
    task_state = entry.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[entry.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    entry.refresh_from_db()
    return entry.live


def publish_an_entry(client, world):
    entry = MemorialEntryPageFactory(parent=world["names"], live=False)
    entry.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={entry.pk}", {})
    entry.refresh_from_db()
    return entry.live


def add_a_user(client, world):
    return client.get(reverse("wagtailusers_users:add")).status_code == 200


def edit_site_settings(client, world):
    # ArchiveSettings is one for the whole archive: its address redirects to the one record.
    url = reverse("wagtailsettings:edit", args=["home", "archivesettings"])
    response = client.get(url, follow=True)
    return response.status_code == 200 and response.request["PATH_INFO"].startswith(url)


def approve_a_family_submission(client, world):
    entry = MemorialEntryPageFactory(parent=world["names"])
    page = entry.add_child(
        instance=RemembrancePage(title="For Ilmar", text="We remember his songs.", live=False)
    )
    page.save_revision()
    workflow_state = moderation_workflow().start(page, user=None)
    task_state = workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    workflow_state.refresh_from_db()
    return workflow_state.status == WorkflowState.STATUS_APPROVED


def approve_an_entry_submitted_for_review(client, world):
    """An archivist's edit submitted for moderation, through the workflow on the tree."""
    entry = MemorialEntryPageFactory(parent=world["names"], live=False)
    entry.save_revision()
    workflow_state = entry.get_workflow().start(entry, user=None)
    task_state = workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[entry.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    entry.refresh_from_db()
    return entry.live


def read_a_release_form(client, world):
    record = ConsentRecord(testimony=TestimonyPageFactory(parent=world["testimonies"]))
    record.release_form.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    record.save()
    response = client.get(reverse("consent_release_form", args=[record.pk]))
    return response.status_code == 200


def translate_an_editorial_page(client, world):
    about = StandardPageFactory(parent=world["names"].get_parent(), title="About", slug="about")
    url = reverse("simple_translation:submit_page_translation", args=[about.pk])
    return client.get(url).status_code == 200


def read_the_fixity_log(client, world):
    FixityCheck.objects.create(
        kind="image", object_id=1, path="original_images/x.jpg", outcome="changed"
    )
    return client.get("/admin/fixity_checks/").status_code == 200


def merged(client, factory, app) -> bool:
    duplicate, kept = factory(), factory()
    model = duplicate._meta.model_name
    client.post(f"/admin/snippets/{app}/{model}/merge/{duplicate.pk}/", {"into": kept.pk})
    return not type(duplicate).objects.filter(pk=duplicate.pk).exists()


def merge_two_places(client, world):
    return merged(client, PlaceFactory, "entries")


def merge_two_keywords(client, world):
    return merged(client, KeywordFactory, "testimonies")


ACTIONS = {
    "use the admin": use_the_admin,
    "edit an entry": edit_an_entry,
    "edit a family remembrance": edit_a_family_remembrance,
    "publish an entry": publish_an_entry,
    "add a user": add_a_user,
    "edit site settings": edit_site_settings,
    "approve a family submission": approve_a_family_submission,
    "approve an entry submitted for review": approve_an_entry_submitted_for_review,
    "read a release form": read_a_release_form,
    "open a proposed entry in moderation": open_a_proposed_entry_in_moderation,
    "approve a proposed entry": approve_a_proposed_entry,
    "translate an editorial page": translate_an_editorial_page,
    "read the fixity log": read_the_fixity_log,
    "merge two places": merge_two_places,
    "merge two keywords": merge_two_keywords,
}


@pytest.fixture
def world(memorial_index, testimony_index):
    return {"names": memorial_index, "testimonies": testimony_index}


@pytest.mark.parametrize(
    ("group_name", "action"),
    [(group, action) for group, row in MATRIX.items() for action in row],
)
def test_permission_matrix(client, django_user_model, world, group_name, action):
    user = django_user_model.objects.create_user(f"member-of-{group_name.lower()}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    expected = MATRIX[group_name][action]
    assert ACTIONS[action](client, world) is expected, (
        f"{group_name}: '{action}' should be {'allowed' if expected else 'refused'}"
    )


def test_a_superuser_may_do_everything(client, django_user_model, world):
    """The actions themselves work: a refusal above is the group's, not a broken test."""
    admin = django_user_model.objects.create_superuser("keeper", "keeper@example.org", "x")
    client.force_login(admin)
    for name, action in ACTIONS.items():
        assert action(client, world) is True, name


def test_the_archive_has_no_staff_group_beyond_its_roles():
    assert set(Group.objects.values_list("name", flat=True)) == set(MATRIX)


def test_wagtails_editors_group_is_kept_while_someone_is_in_it(django_user_model):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("memorial.core.migrations.0009_no_unused_editors_group")
    editors = Group.objects.create(name="Editors")
    django_user_model.objects.create_user("kept").groups.add(editors)
    migration.drop_unused_editors(apps, None)
    assert Group.objects.filter(name="Editors").exists()
    editors.user_set.clear()
    migration.drop_unused_editors(apps, None)
    assert not Group.objects.filter(name="Editors").exists()


def test_researchers_hold_no_permission_at_all():
    group = Group.objects.get(name="Researchers")
    assert not group.permissions.exists()
    assert not group.page_permissions.exists()
    assert not group.collection_permissions.exists()


def test_archivists_and_moderators_never_manage_users_groups_or_settings():
    for name in ("Archivists", "Moderators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert not codenames & {
            "add_user",
            "change_user",
            "delete_user",
            "add_group",
            "change_group",
            "change_archivesettings",
        }, name


def an_entry_with_a_draft(world):
    entry = MemorialEntryPageFactory(parent=world["names"])
    entry.title = "A correction in draft"
    entry.save_revision()
    return entry


ENTRY_VIEWS = {
    "edit": lambda entry: reverse("wagtailadmin_pages:edit", args=[entry.pk]),
    "view draft": lambda entry: reverse("wagtailadmin_pages:view_draft", args=[entry.pk]),
    "revisions": lambda entry: reverse("wagtailadmin_pages:history", args=[entry.pk]),
    "compare revisions": lambda entry: reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[entry.pk, "live", entry.latest_revision_id],
    ),
    "delete": lambda entry: reverse("wagtailadmin_pages:delete", args=[entry.pk]),
    "move": lambda entry: reverse("wagtailadmin_pages:move", args=[entry.pk]),
    "add a page under it": lambda entry: reverse("wagtailadmin_pages:add_subpage", args=[entry.pk]),
}


def reached(response) -> bool:
    """The view answered, or sent on to its next step; a refusal sends to the admin home."""
    if response.status_code == 302:
        return response.url != reverse("wagtailadmin_home") and "login" not in response.url
    return response.status_code == 200


@pytest.mark.parametrize("view", ENTRY_VIEWS)
@pytest.mark.parametrize("also_in", [None, "Researchers"])
def test_a_moderator_reaches_no_entry_through_any_admin_view(
    client, django_user_model, world, view, also_in
):
    """Every view that asks Wagtail's page permissions refuses, also for a moderator who is
    in a second group that grants no page permission."""
    user = django_user_model.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    if also_in:
        user.groups.add(Group.objects.get(name=also_in))
    client.force_login(user)
    entry = an_entry_with_a_draft(world)
    assert not reached(client.get(ENTRY_VIEWS[view](entry)))


@pytest.mark.parametrize("view", ENTRY_VIEWS)
def test_an_archivist_who_also_moderates_keeps_every_entry_view(
    client, django_user_model, world, view
):
    user = django_user_model.objects.create_user("archivist", password="x")
    user.groups.add(*Group.objects.filter(name__in=["Moderators", "Archivists"]))
    client.force_login(user)
    assert reached(client.get(ENTRY_VIEWS[view](an_entry_with_a_draft(world))))


@pytest.fixture
def moderator(client, django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return user


PROPOSAL_REVIEW_VIEWS = {
    "edit": lambda entry: reverse("wagtailadmin_pages:edit", args=[entry.pk]),
    "view draft": lambda entry: reverse("wagtailadmin_pages:view_draft", args=[entry.pk]),
    "revisions": lambda entry: reverse("wagtailadmin_pages:history", args=[entry.pk]),
}
NOT_REVIEW_VIEWS = {
    "delete": lambda entry: reverse("wagtailadmin_pages:delete", args=[entry.pk]),
    "move": lambda entry: reverse("wagtailadmin_pages:move", args=[entry.pk]),
    "copy": lambda entry: reverse("wagtailadmin_pages:copy", args=[entry.pk]),
    "add a page under it": lambda entry: reverse("wagtailadmin_pages:add_subpage", args=[entry.pk]),
}


@pytest.mark.parametrize("view", PROPOSAL_REVIEW_VIEWS)
def test_a_moderator_reviews_a_proposed_entry_waiting_for_them(client, world, moderator, view):
    assert reached(client.get(PROPOSAL_REVIEW_VIEWS[view](a_proposed_entry(world))))


@pytest.mark.parametrize("view", NOT_REVIEW_VIEWS)
def test_a_moderator_does_nothing_else_to_a_proposed_entry(client, world, moderator, view):
    assert not reached(client.get(NOT_REVIEW_VIEWS[view](a_proposed_entry(world))))


def test_a_moderator_never_publishes_a_proposed_entry_outside_the_workflow(
    client, world, moderator
):
    entry = a_proposed_entry(world)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={entry.pk}", {})
    entry.refresh_from_db()
    assert not entry.live


def an_entry_nobody_proposed_in_the_family_workflow(world):
    entry = MemorialEntryPageFactory(parent=world["names"], live=False)
    entry.save_revision()
    moderation_workflow().start(entry, user=None)
    return entry


def a_proposal_sent_to_the_archivists_review(world):
    entry = a_proposed_entry(world)
    entry.current_workflow_state.cancel(user=None)
    entry.get_workflow().start(entry, user=None)
    return entry


def a_proposal_once_approved(world):
    entry = a_proposed_entry(world)
    entry.current_workflow_state.current_task_state.approve(user=None)
    return entry


def a_published_proposal_in_moderation_again(world):
    entry = a_proposal_once_approved(world)
    entry.refresh_from_db()
    entry.save_revision()
    moderation_workflow().start(entry, user=None)
    return entry


NOT_FOR_THE_MODERATOR = {
    "an entry nobody proposed, in the family workflow": (
        an_entry_nobody_proposed_in_the_family_workflow
    ),
    "a proposal sent to the archivists' review": a_proposal_sent_to_the_archivists_review,
    "a proposal once approved": a_proposal_once_approved,
    "a published proposal in moderation again": a_published_proposal_in_moderation_again,
}


@pytest.mark.parametrize("case", NOT_FOR_THE_MODERATOR)
def test_a_moderator_opens_no_entry_but_a_proposal_waiting_for_them(client, world, moderator, case):
    entry = NOT_FOR_THE_MODERATOR[case](world)
    for view in (*PROPOSAL_REVIEW_VIEWS.values(), *NOT_REVIEW_VIEWS.values()):
        assert not reached(client.get(view(entry))), view(entry)


def a_proposal_sent_back_for_changes(world):
    """A moderator's "Request changes": the family is told no, and the workflow waits."""
    entry = a_proposed_entry(world)
    entry.current_workflow_state.current_task_state.reject(user=None, comment="Not yet")
    return entry


@pytest.mark.parametrize("view", PROPOSAL_REVIEW_VIEWS)
def test_a_moderator_reopens_a_proposal_sent_back_for_changes(client, world, moderator, view):
    """The family cannot edit it, so the moderators are the ones who may take it up again."""
    assert reached(client.get(PROPOSAL_REVIEW_VIEWS[view](a_proposal_sent_back_for_changes(world))))


def test_a_moderator_is_offered_to_resubmit_a_proposal_sent_back(client, world, moderator):
    entry = a_proposal_sent_back_for_changes(world)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
    assert "Resubmit to" in edit.content.decode()


def test_a_moderator_still_cannot_publish_a_proposal_sent_back(client, world, moderator):
    entry = a_proposal_sent_back_for_changes(world)
    for view in NOT_REVIEW_VIEWS.values():
        assert not reached(client.get(view(entry))), view(entry)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={entry.pk}", {})
    entry.refresh_from_db()
    assert not entry.live
