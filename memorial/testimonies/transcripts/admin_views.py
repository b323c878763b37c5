"""The admin upload: a transcript file in, a new revision of the testimony out."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from ..models import TestimonyPage
from . import (
    FORMAT_NAMES,
    MAX_FILE_BYTES,
    MAX_FILE_LABEL,
    TranscriptError,
    format_from_name,
    parse_transcript,
)
from .saving import (
    REPLACE_WARNING,
    ConsentWithdrawn,
    TranscriptExists,
    WithheldWouldBePublished,
    existing_segment_count,
    replace_transcript,
)


class TranscriptUploadForm(forms.Form):
    file = forms.FileField(
        label="Transcript file",
        help_text="WebVTT (.vtt) or SubRip (.srt), UTF-8, up to "
        f"{MAX_FILE_LABEL}. WebVTT voice tags (<v Speaker>) give each passage its speaker. "
        "Times are stored in whole seconds: starts rounded down, ends rounded up.",
    )
    replace = forms.BooleanField(
        required=False,
        label="Replace the existing transcript",
        help_text="Needed when the testimony already has passages.",
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish at once",
        help_text="Otherwise the transcript is saved as a draft for you to review and publish.",
    )

    def __init__(self, *args, page, can_publish, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.problems: list[str] = []
        self.existing = existing_segment_count(page)
        if not can_publish:
            del self.fields["publish"]
        if not self.existing:
            self.fields["replace"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = format_from_name(upload.name)
        if fmt is None:
            raise forms.ValidationError("Upload a .vtt (WebVTT) or .srt (SubRip) file.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_FILE_LABEL}; split the transcript into parts."
            )
        upload.seek(0)
        try:
            self.cues = parse_transcript(upload.read(MAX_FILE_BYTES + 1), fmt)
        except TranscriptError as problem:
            # Listed one per line by the template; a field error would run them together.
            self.problems = problem.messages()
            count = len(problem.errors) + problem.more
            raise forms.ValidationError(
                f"Nothing was imported: this {FORMAT_NAMES[fmt]} file has {count} "
                f"problem{'s' if count > 1 else ''}, listed above. Correct the file and "
                "upload it again."
            ) from problem
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.existing and not cleaned.get("replace"):
            self.add_error(
                "replace",
                f"This testimony already has {self.existing} passage(s). Tick this box to "
                f"replace them. {REPLACE_WARNING}",
            )
        return cleaned


def import_transcript(request, page_id):
    page = get_object_or_404(TestimonyPage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
        return TemplateResponse(
            request,
            "testimonies/admin/transcript_denied.html",
            {"page_title": "Import transcript", "header_icon": "upload"},
            status=403,
        )
    locked = permissions.page_locked()
    form = TranscriptUploadForm(
        request.POST or None,
        request.FILES or None,
        page=page,
        can_publish=permissions.can_publish(),
    )
    if request.method == "POST" and not locked and form.is_valid():
        publish = form.cleaned_data.get("publish", False)
        try:
            replace_transcript(
                page,
                form.cues,
                user=request.user,
                replace=form.cleaned_data["replace"],
                publish=publish,
            )
        except TranscriptExists as exists:  # someone added passages meanwhile
            form.add_error("replace", f"{exists} Tick this box to replace them.")
        except (ConsentWithdrawn, WithheldWouldBePublished) as refused:
            form.add_error("publish", str(refused))
        except TranscriptError as problem:  # speakers an anonymous narrator's page refuses
            form.problems = problem.messages()
            form.add_error(
                "file",
                "Nothing was imported: the narrator is anonymous, and speaker labels in this "
                "file are not roles, listed above. Correct the file and upload it again.",
            )
        else:
            count = len(form.cues)
            if publish:
                messages.success(request, f"{count} passages imported and published.")
            else:
                messages.success(request, f"{count} passages imported; review and publish.")
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "testimonies/admin/import_transcript.html",
        {
            "page": page,
            "form": form,
            "locked": locked,
            "header_title": f"Import transcript: {page.get_admin_display_title()}",
            "page_title": "Import transcript",
            "page_subtitle": page.get_admin_display_title(),
            "header_icon": "upload",
        },
    )
