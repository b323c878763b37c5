from memorial.core.access_forms import AccessPageForm


class TestimonyPageForm(AccessPageForm):
    def clean(self):
        cleaned_data = super().clean()
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
        return cleaned_data
