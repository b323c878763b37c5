"""<entry url>remember/ and <entry url>remember/thanks/: families remember a person.

MemorialEntryPage.route() sends these paths here (see `remembrance_route`); the entry's
serve() has already refused anyone who may not see the entry, and these views further
refuse every entry that is not public: a form is never offered for a closed record.
"""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from wagtail.url_routing import RouteResult

from memorial.core.abuse import rate_limited
from memorial.core.privacy import is_public

from . import upload_store
from .forms import MAX_PHOTOS, RemembranceForm
from .remembrance_submission import create_remembrance, send_remembrance_mails
from .sent_once import AlreadyReceived

REMEMBER_PATH = "remember"
THANKS_PATH = "thanks"


def remembrance_route(entry, rest: list[str]) -> RouteResult:
    """The route for the path components after `remember/`."""
    if not rest:
        view = remember_view
    elif rest == [THANKS_PATH]:
        view = thanks_view
    else:
        raise Http404("No such page.")
    return RouteResult(entry, kwargs={"subview": view})


def remember_url(entry, request=None) -> str:
    return f"{entry.get_url(request=request)}{REMEMBER_PATH}/"


def _public_entry_or_404(entry):
    if not entry.live or not is_public(entry):
        raise Http404("No public entry here.")


def _private(response):
    # Forms carry a CSRF token and what someone typed: never cached by anyone.
    patch_cache_control(response, private=True, no_store=True)
    return response


@rate_limited("submissions", "RATE_LIMIT_SUBMISSIONS", "RATE_LIMIT_SUBMISSIONS_WINDOW")
def remember_view(request, entry):
    _public_entry_or_404(entry)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    thanks_url = f"{remember_url(entry, request)}{THANKS_PATH}/"
    if request.method == "POST":
        form = RemembranceForm(request.POST, request.FILES)
        if form.is_spam:
            return redirect(thanks_url)  # stored nowhere, answered like success
        if form.is_valid():
            try:
                submission = create_remembrance(entry, form)
            except AlreadyReceived:
                upload_store.discard_all(form.token)
                return redirect(thanks_url)  # the family sees the first sending's answer
            upload_store.discard_all(form.token)
            send_remembrance_mails(entry, submission, photo_count=len(form.photos))
            return redirect(thanks_url)
        form.keep_checked_photos()
        # A refused file is the visitor's request at fault (4xx); the page still shows why.
        status = 400 if form.refused_a_file() else 200
    else:
        form = RemembranceForm()
        status = 200
    context = {"page": entry, "entry": entry, "form": form, "max_photos": MAX_PHOTOS}
    response = TemplateResponse(request, "remembrances/remember.html", context, status=status)
    return _private(response)


def thanks_view(request, entry):
    _public_entry_or_404(entry)
    context = {"page": entry, "entry": entry}
    return _private(TemplateResponse(request, "remembrances/remember_thanks.html", context))
