"""No copy or alias of a testimony whose narrator withdrew consent, by any path.

A copy has no consent record of its own, so nothing would keep it unpublished. The admin's
Copy explains this with a message (`consent.before_copy_page`); every other path (`page.copy()`
in a shell or script, the admin API's copy and alias actions, a section copied with its
subpages, Wagtail's `copy_for_translation`) ends in Wagtail's CopyPageAction or
CreatePageAliasAction, which Wagtail builds itself and offers no hook for. So their `check`,
which runs before anything is written, is extended here once, when the app is ready.
"""

from functools import wraps

from wagtail.actions.copy_page import CopyPageAction, CopyPageIntegrityError
from wagtail.actions.create_alias import CreatePageAliasAction, CreatePageAliasIntegrityError

from .models import ConsentRecord, ConsentStatus


class CopyRefused(CopyPageIntegrityError, CreatePageAliasIntegrityError):
    """Raised by every copy and alias of a testimony whose narrator withdrew consent (the
    admin API answers it with 400 and this message)."""


def withdrawn_titles(page, recursive: bool) -> list[str]:
    """Titles of the testimonies with consent withdrawn that copying `page` would copy."""
    withdrawn = ConsentRecord.objects.filter(status=ConsentStatus.WITHDRAWN)
    if recursive:
        # The few withdrawn records, narrowed by the tree path: no walk of the subtree.
        withdrawn = withdrawn.filter(testimony__path__startswith=page.path)
    else:
        withdrawn = withdrawn.filter(testimony_id=page.pk)
    return list(withdrawn.order_by("testimony__path").values_list("testimony__title", flat=True))


def refuse_withdrawn(page, recursive: bool) -> None:
    if titles := withdrawn_titles(page, recursive):
        named = ", ".join(f"“{title}”" for title in titles[:5])
        more = f" and {len(titles) - 5} more" if len(titles) > 5 else ""
        raise CopyRefused(
            f"This cannot be copied: the narrator's consent is recorded as withdrawn for "
            f"{named}{more}, and a copy would have no consent record to keep it unpublished."
        )


def _guarded(check):
    @wraps(check)
    def guarded_check(action, skip_permission_checks=False):
        check(action, skip_permission_checks=skip_permission_checks)
        refuse_withdrawn(action.page, bool(action.recursive))

    guarded_check.refuses_withdrawn_consent = True
    return guarded_check


def install() -> None:
    for action in (CopyPageAction, CreatePageAliasAction):
        if not getattr(action.check, "refuses_withdrawn_consent", False):
            action.check = _guarded(action.check)
