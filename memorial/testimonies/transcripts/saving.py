"""Putting imported cues on a testimony, as a new revision."""

from django.db import transaction

from ..models import TestimonyPage, TranscriptSegment
from .cues import Cue

REPLACE_WARNING = (
    "Replacing it drops what editors added to each passage: its keywords, people and places, "
    "and which passages are withheld."
)


class TranscriptExists(Exception):
    def __init__(self, count: int):
        self.count = count
        super().__init__(
            f"This testimony already has a transcript of {count} passage(s). {REPLACE_WARNING}"
        )


class ConsentWithdrawn(Exception):
    def __init__(self):
        super().__init__(
            "This testimony cannot be published: the narrator's consent is recorded as "
            "withdrawn. Import the transcript as a draft, or change the consent record first "
            "if consent was given again."
        )


class WithheldWouldBePublished(Exception):
    def __init__(self, count: int):
        self.count = count
        super().__init__(
            f"{count} passage(s) of the transcript being replaced are withheld from the "
            "public, and the new transcript has none withheld: publishing it at once could "
            "publish what was withheld. Import it as a draft, mark the passages to withhold "
            "again, then publish."
        )


def existing_segment_count(page: TestimonyPage) -> int:
    """Passages in the version editors see: the latest revision, draft or published."""
    return page.get_latest_revision_as_object().segments.count()


def replace_transcript(
    page: TestimonyPage,
    cues: list[Cue],
    *,
    user=None,
    replace: bool = False,
    publish: bool = False,
):
    """Save the cues as the testimony's transcript in a new revision, and return it.

    The revision starts from the latest one, so other unpublished edits are kept. It is a
    draft unless `publish`. Raises TranscriptExists if the testimony has passages and
    `replace` is false; before changing anything, ConsentWithdrawn if asked to publish a
    testimony whose narrator withdrew consent, and WithheldWouldBePublished if asked to
    publish in place of a transcript with withheld passages.
    """
    from ..consent import consent_is_withdrawn

    if publish and consent_is_withdrawn(page):
        raise ConsentWithdrawn
    with transaction.atomic():
        draft = page.get_latest_revision_as_object()
        count = draft.segments.count()
        if count and not replace:
            raise TranscriptExists(count)
        if publish and (withheld := draft.segments.filter(withheld=True).count()):
            raise WithheldWouldBePublished(withheld)
        draft.segments = [
            TranscriptSegment(
                start_seconds=cue.start_seconds,
                end_seconds=cue.end_seconds,
                speaker=cue.speaker,
                text=cue.text,
                sort_order=order,
            )
            for order, cue in enumerate(cues)
        ]
        revision = draft.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return revision
