"""The admin's "Translate" for pages, with the archive's rule: records are not translated
(memorial.core.translation). It takes the address of simple_translation's own view."""

from django import forms
from django.contrib.admin.utils import quote
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from wagtail.admin import messages
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView

from .translation import CopyEditorialPagesForTranslation, editorial_descendants, is_record

RECORD_REFUSAL = (
    "{kind} “{title}” is a record, and records are not translated: each person, testimony, "
    "gallery and remembrance is kept once and shown under /az/ and /ru/ with the interface "
    "translated. Translate the home page, a collection's introduction or a standard page."
)
SUBTREE_HELP = (
    "Copies the editorial pages beneath this one as drafts. Records (people, testimonies, "
    "galleries, remembrances) are not copied: they stay where they are and are shown in every "
    "language, and the translated collection lists them."
)


class EditorialTranslationForm(SubmitTranslationForm):
    def __init__(self, instance, *args, **kwargs):
        super().__init__(instance, *args, **kwargs)
        field = self.fields["include_subtree"]
        if isinstance(field.widget, forms.HiddenInput):
            return
        count = editorial_descendants(instance).count()
        if not count:
            field.widget = forms.HiddenInput()
            return
        field.label = f"Include the {count} editorial page{'s' if count != 1 else ''} beneath it"
        field.help_text = SUBTREE_HELP

    def clean_locales(self):
        # simple_translation only greys out a language whose parent page is untranslated;
        # posted anyway, Wagtail's copy would fail with a server error.
        locales = self.cleaned_data["locales"]
        disabled = set(self.fields["locales"].widget.disabled_values)
        if missing := [locale.get_display_name() for locale in locales if locale.pk in disabled]:
            raise forms.ValidationError(
                f"Translate the parent page into {', '.join(missing)} first: a translated page "
                "is placed under its parent's translation."
            )
        return locales


class TranslateEditorialPageView(SubmitPageTranslationView):
    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return EditorialTranslationForm(self.object, data)

    def get(self, request, *args, **kwargs):
        if is_record(self.object):
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if is_record(self.object):
            return self.refuse()
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**kwargs))
        locales = list(form.cleaned_data["locales"])
        with transaction.atomic():
            for locale in locales:
                CopyEditorialPagesForTranslation(
                    page=self.object,
                    locale=locale,
                    include_subtree=form.cleaned_data["include_subtree"],
                    user=request.user,
                ).execute(skip_permission_checks=True)
        if len(locales) == 1:
            named = locales[0].get_display_name()
            translated = self.object.get_translation(locales[0])
        else:
            named, translated = f"{len(locales)} locales", None
        messages.success(request, self.get_success_message(named))
        return redirect(self.get_success_url(translated))

    def refuse(self):
        page = self.object
        messages.error(
            self.request,
            RECORD_REFUSAL.format(
                kind=capfirst(page._meta.verbose_name), title=page.get_admin_display_title()
            ),
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[quote(page.pk)]))
