"""Signing in for researchers, and accepting the terms of use once.

Researchers are ordinary users in the Researchers group (memorial.core.privacy); they see
researchers-only items only after accepting the archive's terms, recorded on the user.
"""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from home.models import ArchiveSettings

from .privacy import RESEARCHERS_GROUP
from .security.throttling import sign_in_limited


def safe_next(request, default="/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


def needs_terms(user) -> bool:
    return (
        user.is_authenticated
        and not user.research_terms_accepted_at
        and user.groups.filter(name=RESEARCHERS_GROUP).exists()
    )


class ResearchLoginForm(AuthenticationForm):
    """Django's sign-in form, refusing a user name longer than any account can have.

    AuthenticationForm only puts `maxlength` on the input, then tries any name; a failed
    sign-in is recorded by django-axes in a 255-character column, and PostgreSQL refuses a
    longer name with an error.
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if limit and len(username) > limit:
            raise forms.ValidationError(
                gettext("User names have at most %(limit)s characters: please check yours.")
                % {"limit": limit},
                code="max_length",
            )
        return username


class ResearchLoginView(auth_views.LoginView):
    template_name = "core/research_login.html"
    authentication_form = ResearchLoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        target = safe_next(self.request, default="/")
        if urlsplit(target).path == self.request.path:
            target = "/"  # back to the sign-in page would be a loop (Django raises on it)
        if needs_terms(self.request.user):
            return f"{reverse('research_terms')}?{urlencode({'next': target}, safe='/')}"
        return target


class AcceptTermsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read these terms and accept them."),
        error_messages={"required": _("Tick the box to accept the terms, or leave this page.")},
    )


@login_required(login_url="research_login")
@require_http_methods(["GET", "POST"])
def research_terms(request):
    user = request.user
    form = AcceptTermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not user.research_terms_accepted_at:
        user.research_terms_accepted_at = timezone.now()
        user.save(update_fields=["research_terms_accepted_at"])
        return redirect(safe_next(request))
    terms = ArchiveSettings.load(request_or_site=request).research_terms
    return render(
        request,
        "core/research_terms.html",
        {
            "form": form,
            "terms_paragraphs": [p.strip() for p in terms.split("\n\n") if p.strip()],
            "accepted_at": user.research_terms_accepted_at,
            "is_researcher": user.groups.filter(name=RESEARCHERS_GROUP).exists(),
            "next": safe_next(request, default=""),
        },
    )


urlpatterns = [
    path("sign-in/", sign_in_limited(ResearchLoginView.as_view()), name="research_login"),
    path("sign-out/", auth_views.LogoutView.as_view(next_page="/"), name="research_logout"),
    path("terms/", research_terms, name="research_terms"),
]
