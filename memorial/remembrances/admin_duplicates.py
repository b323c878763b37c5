"""The moderator's view of a proposed entry: people already in the archive who may be the same.

A read-only panel at the top of the entry editor, shown only for an entry that a family
proposed (there is a Submission of kind "proposed_entry" for it). It is admin-only: no
public template, API or export ever renders it.

Imports of models and of the matching code happen inside the panel, because
memorial.entries.models.page imports this module while the models are being loaded.
"""

from wagtail.admin.panels import Panel


class DuplicateCandidatesPanel(Panel):
    """Lists `duplicate_candidates(entry)` with the reason each one was found."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "Possibly already in the archive")
        super().__init__(*args, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "duplicate_candidates"

    class BoundPanel(Panel.BoundPanel):
        template_name = "remembrances/propose_duplicates_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .models import Submission

            self.proposed = Submission.proposed(self.instance)

        def is_shown(self):
            return self.proposed and super().is_shown()

        def get_context_data(self, parent_context=None):
            from .duplicates import duplicate_candidates

            context = super().get_context_data(parent_context)
            context["candidates"] = duplicate_candidates(self.instance)
            return context
