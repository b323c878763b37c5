"""Putting imported cues on a testimony, as a new revision."""

from django.db import transaction

from ..models import TestimonyPage, TranscriptSegment
from ..speakers import is_role_or_interviewer, speaker_problem
from .cues import Cue
from .errors import ErrorCollector

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


def check_speakers(draft: TestimonyPage, cues: list[Cue], names=()) -> None:
    """On an anonymous narrator's testimony, a TranscriptError for each speaker label it may
    not store (memorial.testimonies.speakers), at the first line with it."""
    if not draft.narrator_is_anonymous:
        return
    names = (draft.narrator, *names)
    problems, lines = ErrorCollector(), {}
    for cue in cues:
        if cue.speaker and not is_role_or_interviewer(cue.speaker, draft.interviewer):
            lines.setdefault(cue.speaker, []).append(cue.line)
    for speaker, found in lines.items():
        problem = speaker_problem(speaker, interviewer=draft.interviewer, narrator_names=names)
        more = f" (and in {len(found) - 1} more passage(s))" if len(found) > 1 else ""
        problems.add(found[0] or None, f"{problem} Change it in the file{more}.")
    problems.raise_if_any()


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
    draft unless `publish`. Before changing anything, raises TranscriptError if the narrator
    is anonymous and a cue's speaker is not a role (check_speakers); TranscriptExists if the
    testimony has passages and `replace` is false; ConsentWithdrawn if asked to publish a
    testimony whose narrator withdrew consent, and WithheldWouldBePublished if asked to
    publish in place of a transcript with withheld passages.
    """
    from ..consent import consent_is_withdrawn

    if publish and consent_is_withdrawn(page):
        raise ConsentWithdrawn
    with transaction.atomic():
        draft = page.get_latest_revision_as_object()
        check_speakers(draft, cues, names=(page.narrator,))
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
