"""Least-privilege staff groups: Archivists (new), Moderators and Researchers narrowed.

- Archivists keep the archive: add, change and publish pages (entries, testimonies,
  galleries), images, documents and recordings, places, keywords, consent records and entry
  imports. They never manage users, groups or site settings.
- Moderators (remembrances 0003) keep only what moderation needs: the admin, editing pages
  (Wagtail page permissions cover a part of the tree, not a page type, and remembrances
  live under the entries they remember) without publishing, reading and annotating family
  submissions, and choosing images. Anything else they were given is taken away.
- Researchers (core 0005) never reach the admin: every model permission is taken away.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVISTS = "Archivists"
MODERATORS = "Moderators"
RESEARCHERS = "Researchers"

ARCHIVIST_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "entries.add_place",
    "entries.change_place",
    "entries.view_place",
    "testimonies.add_keyword",
    "testimonies.change_keyword",
    "testimonies.view_keyword",
    "testimonies.add_consentrecord",
    "testimonies.change_consentrecord",
    "testimonies.view_consentrecord",
    "records.add_importjob",
    "records.view_importjob",
]
ARCHIVIST_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
ARCHIVIST_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailmedia.add_media",
    "wagtailmedia.change_media",
]

MODERATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "remembrances.view_submission",
    "remembrances.change_submission",
]
MODERATOR_PAGE_PERMISSIONS = ["change_page"]
MODERATOR_COLLECTION_PERMISSIONS = ["wagtailimages.choose_image"]

# Apps with models whose permissions these groups need; wagtailadmin.access_admin is made
# by wagtailadmin's own migration (a dependency below).
PERMISSION_APPS = (
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailmedia",
    "entries",
    "testimonies",
    "records",
    "remembrances",
)


def _permission(apps, label):
    app_label, codename = label.split(".")
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def _ensure_permissions_exist(apps):
    # Permissions are normally made after all migrations; these need them now.
    for app_label in PERMISSION_APPS:
        config = apps.get_app_config(app_label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None


def _grant(apps, group, model_permissions, page_permissions, collection_permissions):
    """Give `group` exactly these permissions: anything else it held is removed."""
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group.permissions.set([_permission(apps, label) for label in model_permissions])

    GroupPagePermission.objects.filter(group=group).delete()
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in page_permissions:
            GroupPagePermission.objects.create(
                group=group, page=root_page, permission=_permission(apps, f"wagtailcore.{codename}")
            )

    GroupCollectionPermission.objects.filter(group=group).delete()
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for label in collection_permissions:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=_permission(apps, label)
            )


def create_groups(apps, schema_editor):
    _ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    archivists, _ = Group.objects.get_or_create(name=ARCHIVISTS)
    _grant(
        apps,
        archivists,
        ARCHIVIST_PERMISSIONS,
        ARCHIVIST_PAGE_PERMISSIONS,
        ARCHIVIST_COLLECTION_PERMISSIONS,
    )
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    _grant(
        apps,
        moderators,
        MODERATOR_PERMISSIONS,
        MODERATOR_PAGE_PERMISSIONS,
        MODERATOR_COLLECTION_PERMISSIONS,
    )
    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    _grant(apps, researchers, [], [], [])


def remove_archivists(apps, schema_editor):
    # Moderators and Researchers keep their narrowed permissions: widening them again on
    # the way back would be the unsafe direction.
    apps.get_model("auth", "Group").objects.filter(name=ARCHIVISTS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_researchers_group"),
        ("remembrances", "0003_moderation_workflow"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("entries", "0004_closed_rows_index"),
        ("testimonies", "0003_consent_redaction_segment_index"),
        ("records", "0002_private_import_files"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_groups, remove_archivists)]
