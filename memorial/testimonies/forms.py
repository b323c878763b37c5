from memorial.core.access_forms import AccessPageForm

from .models.inlines import format_timecode
from .speakers import speaker_problem


class TestimonyPageForm(AccessPageForm):
    def clean(self):
        cleaned_data = super().clean()
        self._check_mentions()
        self._check_passages_within(cleaned_data.get("duration"))
        if cleaned_data.get("narrator_is_anonymous"):
            self._check_speakers(cleaned_data.get("interviewer", ""))
        return cleaned_data

    def _check_speakers(self, interviewer):
        # The name the page held before this edit too: the one being made anonymous now.
        names = (self.initial.get("narrator", ""), self.cleaned_data.get("narrator", ""))
        for form in self.kept_rows("segments"):
            speaker = form.cleaned_data.get("speaker", "")
            if problem := speaker_problem(speaker, interviewer=interviewer, narrator_names=names):
                form.add_error("speaker", problem)

    def _check_mentions(self):
        listed = set()
        for form in self.kept_rows("mentions"):
            entry = form.cleaned_data.get("entry")
            if entry is None:
                continue
            if entry.pk in listed:
                form.add_error(
                    "entry",
                    "This person is already listed above. List each person once; say more "
                    "in the note.",
                )
            listed.add(entry.pk)

    def _check_passages_within(self, duration):
        # Only the start: ends are rounded up to the next second when a transcript is read.
        if duration is None or duration.total_seconds() < 0:
            return  # a negative length has its own error
        length = int(duration.total_seconds())
        for form in self.kept_rows("segments"):
            start = form.cleaned_data.get("start_seconds")
            if start is not None and start > length:
                form.add_error(
                    "start_seconds",
                    "This passage starts after the end of the recording "
                    f"({format_timecode(length)}). Check both.",
                )
