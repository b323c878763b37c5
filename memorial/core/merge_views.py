"""Merging a duplicate place or keyword in the admin (memorial.core.merging).

A snippet viewset takes `MergeableViewSetMixin`: "Merge into another…" in its listing's
and its edit page's menus leads to merge/<pk>/, where the archivist chooses the one to
keep, sees what will change and confirms. Whoever may change that snippet type may merge:
nothing is lost (every reference moves, the duplicate's names join the kept one's), so it
is an edit of the kept one, not a deletion of a place still named somewhere (which is
why archivists, who may change places but not delete them, may merge). Caches, proxies,
OAI datestamps and the search index follow the merge itself (memorial.core.merging).
"""

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.views.snippets import EditView, IndexView
from wagtail.snippets.widgets import AdminSnippetChooser

from .merging import MergeRefused, merge, refusal, taken_over, what_changes

MERGE_LABEL = "Merge into another…"


class MergeForm(forms.Form):
    def __init__(self, duplicate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = type(duplicate)
        self.duplicate = duplicate
        self.fields["into"] = forms.ModelChoiceField(
            queryset=model._default_manager.all(),
            widget=AdminSnippetChooser(model),
            label=f"{model._meta.verbose_name} to keep".capitalize(),
            help_text=f"Everything that names “{duplicate}” will name this one instead, and "
            f"“{duplicate}” is deleted.",
            error_messages={
                "invalid_choice": "That one is no longer in the archive: choose another."
            },
        )

    def clean_into(self):
        kept = self.cleaned_data["into"]
        if problem := refusal(self.duplicate, kept):
            raise forms.ValidationError(problem)
        try:
            self.taken = taken_over(self.duplicate, kept)
        except MergeRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return kept


class MergeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "change"
    template_name = "core/admin/merge.html"
    model = None
    header_icon = None
    edit_url_name = None
    index_url_name = None
    merge_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.duplicate = get_object_or_404(self.model, pk=unquote(str(kwargs["pk"])))

    def get_page_title(self):
        return f"Merge {self.model._meta.verbose_name}"

    def get_page_subtitle(self):
        return str(self.duplicate)

    def get(self, request, *args, **kwargs):
        form = MergeForm(self.duplicate, request.GET if "into" in request.GET else None)
        return self.render_to_response(self.get_context_data(**self.confirmation(form)))

    def post(self, request, *args, **kwargs):
        form = MergeForm(self.duplicate, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**self.confirmation(form)))
        kept, duplicate = form.cleaned_data["into"], self.duplicate
        try:
            merge(duplicate, kept, user=request.user)
        except MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect(self.merge_url())
        messages.success(request, f"“{duplicate}” merged into “{kept}”.")
        return redirect(reverse(self.edit_url_name, args=[quote(kept.pk)]))

    def merge_url(self):
        return reverse(self.merge_url_name, args=[quote(self.duplicate.pk)])

    def confirmation(self, form) -> dict:
        context = {"form": form, "duplicate": self.duplicate, "action_url": self.merge_url()}
        if form.is_bound and form.is_valid():
            kept = form.cleaned_data["into"]
            context.update(kept=kept, taken=form.taken, changes=what_changes(self.duplicate, kept))
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] = kwargs["form"].media
        context["model_name"] = self.model._meta.verbose_name
        context["cancel_url"] = get_valid_next_url_from_request(self.request) or reverse(
            self.edit_url_name, args=[quote(self.duplicate.pk)]
        )
        return context


def may_merge(permission_policy, user) -> bool:
    return permission_policy.user_has_permission(user, "change")


class MergeButtonIndexView(IndexView):
    merge_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.merge_url_name and may_merge(self.permission_policy, self.request.user):
            url = reverse(self.merge_url_name, args=[quote(instance.pk)])
            buttons.append(MenuItem(MERGE_LABEL, url=url, icon_name="resubmit", priority=25))
        return buttons


class MergeButtonEditView(EditView):
    merge_url_name = None

    def form_invalid(self, form):
        """Renamed to a name already stored: offer to merge this one into that one."""
        response = super().form_invalid(form)
        same = getattr(form.instance, "already_stored", lambda: None)()
        if same is not None and may_merge(self.permission_policy, self.request.user):
            stored = self.model._default_manager.get(pk=self.object.pk)  # not as renamed
            url = reverse(self.merge_url_name, args=[quote(stored.pk)])
            messages.warning(
                self.request,
                f"If “{stored}” and “{same}” are one, merge them instead.",
                buttons=[messages.button(f"{url}?into={quote(same.pk)}", "Merge")],
            )
        return response

    @property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.merge_url_name and may_merge(self.permission_policy, self.request.user):
            url = reverse(self.merge_url_name, args=[quote(self.object.pk)])
            buttons.append(Button(MERGE_LABEL, url=url, icon_name="resubmit", priority=25))
        return buttons


class MergeableViewSetMixin:
    """For a SnippetViewSet whose model may hold duplicates to merge."""

    index_view_class = MergeButtonIndexView
    edit_view_class = MergeButtonEditView
    merge_view_class = MergeView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(merge_url_name=self.get_url_name("merge"), **kwargs)

    @property
    def merge_view(self):
        return self.construct_view(self.merge_view_class)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"merge/<{self.pk_path_converter}:pk>/", self.merge_view, name="merge"),
        ]
