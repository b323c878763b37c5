"""Signed release forms, for staff who may see consent records; nobody else learns they exist.

Registered through Wagtail's `register_admin_urls` hook (memorial/core/wagtail_hooks.py), so
the admin's own login check comes first: visitors who are not signed in to the admin are sent
to its login page, as for every admin address; admin users without the permission get 404.
"""

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_safe

from .responses import file_response
from .visibility import Access

RELEASE_FORM_PERMISSIONS = ("testimonies.view_consentrecord", "testimonies.change_consentrecord")


@require_safe
def release_form(request, pk):
    if not any(request.user.has_perm(permission) for permission in RELEASE_FORM_PERMISSIONS):
        raise Http404("No release form here.")
    record = get_object_or_404(apps.get_model("testimonies", "ConsentRecord"), pk=pk)
    if not record.release_form:
        raise Http404("No release form here.")
    # Release forms live under PRIVATE_FILES_ROOT, outside what the proxy may send.
    return file_response(
        request, record.release_form, Access.PRIVATE, as_attachment=True, hand_off=False
    )


urlpatterns = [
    path("consent/<int:pk>/release-form/", release_form, name="consent_release_form"),
]
