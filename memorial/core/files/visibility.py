"""Who may fetch an uploaded file: the pages that use it decide.

A file is as open as the most open page that uses it. Wagtail's reference index says which
pages use a file (a page's own fields, its inline rows and its StreamFields are all recorded
under the page, with `base_content_type` = Page), and memorial.core.privacy says which of
those pages this viewer may see. A file no visible page uses is not there for the viewer.

A page that chooses which recording a viewer gets (`recording_for(user)`: a testimony with
withheld passages gives visitors the edited copy) is asked about the recordings in its own
fields, so the original of a redacted testimony never reaches the public.

Everything here fails closed: a file the index does not (yet) connect to a visible page is
refused, never served.
"""

import enum

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, ReferenceIndex

from memorial.core.mixins import AccessMixin
from memorial.core.privacy import can_view_content, is_staff_viewer, public_pages


class Access(enum.Enum):
    PUBLIC = "public"  # anyone may fetch it; shared caches may keep it
    PRIVATE = "private"  # this viewer may fetch it; nothing may cache it
    NONE = "none"  # not for this viewer: answer 404, as if it did not exist

    def __bool__(self):
        return self is not Access.NONE


def page_uses(obj) -> dict[int, set[str]]:
    """{page id: model paths where the page uses `obj`}, from Wagtail's reference index."""
    page_type = ContentType.objects.get_for_model(Page)
    rows = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", "model_path")
    )
    uses: dict[int, set[str]] = {}
    for object_id, model_path in rows:
        uses.setdefault(int(object_id), set()).add(model_path)
    return uses


def page_visible_to(page, request) -> bool:
    """Could this viewer open this (live, specific) page and see its content?"""
    if not all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        return False
    if isinstance(page, AccessMixin):
        return can_view_content(page, request.user)
    if followed_field := getattr(page, "access_follows", None):
        # As open as the page it follows (a remembrance, its person): that page must be
        # live, or the viewer staff, as the page itself decides when it is served.
        followed = getattr(page, followed_field)
        return followed is not None and (
            (followed.live or is_staff_viewer(request.user)) and page_visible_to(followed, request)
        )
    return True


def _gives_recording(media):
    """Does a page that uses `media` (at these model paths) play it to this user?"""

    def gives(page, paths, user) -> bool:
        choose = getattr(page, "recording_for", None)
        # A dotted path is a StreamField block or an inline row: shown as it is.
        if choose is None or any("." in path for path in paths):
            return True
        recording = choose(user)
        return recording is not None and recording.pk == media.pk

    return gives


def _access(request, obj, gives=None, *, publicly_restricted=False) -> Access:
    memo = request.__dict__.setdefault("_archive_file_access", {})
    key = (obj._meta.label_lower, obj.pk)
    if key not in memo:
        memo[key] = _decide(request, obj, gives, publicly_restricted)
    return memo[key]


def _decide(request, obj, gives, publicly_restricted) -> Access:
    uses = page_uses(obj)
    # The public answer comes first and never touches the session, so public files can be
    # cached by the proxy for everybody.
    if uses and not publicly_restricted:
        public = public_pages(Page.objects.filter(pk__in=uses))
        if gives is None:
            if public.exists():
                return Access.PUBLIC
        elif any(gives(page, uses[page.pk], AnonymousUser()) for page in public.specific()):
            return Access.PUBLIC
    if is_staff_viewer(request.user):
        return Access.PRIVATE
    for page in Page.objects.filter(pk__in=uses).live().specific():
        if page_visible_to(page, request) and (
            gives is None or gives(page, uses[page.pk], request.user)
        ):
            return Access.PRIVATE
    return Access.NONE


def _collection_gate(obj, request) -> tuple[bool, bool]:
    """(admitted, restricted): whether this viewer passes the view restrictions of the
    collection `obj` is in (staff always do), and whether it has any."""
    restrictions = list(obj.collection.get_view_restrictions())
    admitted = all(restriction.accept_request(request) for restriction in restrictions)
    return admitted or is_staff_viewer(request.user), bool(restrictions)


def image_access(image, request) -> Access:
    """An image (and each of its renditions) is visible where a page showing it is; in a
    private collection, only to whom its view restriction admits (and to staff)."""
    admitted, restricted = _collection_gate(image, request)
    if not admitted:
        return Access.NONE
    return _access(request, image, publicly_restricted=restricted)


def recording_access(media, request) -> Access:
    """A recording (and its thumbnail) is visible where a visible page plays it to this user;
    in a private collection, only to whom its view restriction admits (and to staff)."""
    admitted, restricted = _collection_gate(media, request)
    if not admitted:
        return Access.NONE
    return _access(request, media, _gives_recording(media), publicly_restricted=restricted)


def document_access(document, request) -> Access:
    """A document is visible where a page citing it is; in a private collection, never publicly
    (Wagtail's own collection check then asks for the password or login)."""
    in_private_collection = document.collection.get_view_restrictions().exists()
    return _access(request, document, publicly_restricted=in_private_collection)


def refuse_hidden_document(document, request):
    """`before_serve_document` hook: a document no visible page uses does not exist for this
    viewer."""
    if not document_access(document, request):
        raise Http404("No document here.")
