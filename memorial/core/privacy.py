"""The one place that decides what a public visitor may see.

Every public surface (pages listing other pages, search, the short-link redirect,
sitemaps, feeds and later the API and OAI-PMH) takes its rows from `public_pages()`.
A page is public when it is live, not behind a Wagtail view restriction, and — for
access-controlled types — open to the public and not under embargo.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page


def access_controlled_models():
    """Concrete page models that carry AccessMixin's fields."""
    from .mixins import AccessMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, AccessMixin) and issubclass(model, Page)
    ]


def restricted_q(today=None) -> Q:
    """Rows of an AccessMixin model that a public visitor may not see today."""
    today = today or timezone.localdate()
    return ~Q(access_level="public") | Q(embargo_until__gt=today)


def public_pages(queryset=None):
    """Live, unrestricted, publicly accessible pages from `queryset` (all pages by default)."""
    from .mixins import AccessMixin

    qs = Page.objects.all() if queryset is None else queryset
    qs = qs.live().public()
    if issubclass(qs.model, AccessMixin):
        return qs.exclude(restricted_q())
    if not issubclass(qs.model, Page) or qs.model is Page:
        for model in access_controlled_models():
            qs = qs.exclude(pk__in=model.objects.filter(restricted_q()).values("pk"))
    return qs


def is_public(page) -> bool:
    return public_pages(type(page).objects.filter(pk=page.pk)).exists()


def visible_ids(model, ids) -> set:
    """Which of these page ids a public visitor may see, in one query.

    For lists an editor chose (people in a photograph, related entries): filter the
    list against this set to keep the editor's order.
    """
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return set()
    return set(public_pages(model.objects.filter(pk__in=ids)).values_list("pk", flat=True))
