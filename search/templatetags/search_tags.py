from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()
REMOVE = ""


@register.simple_tag
def search_url(query, **changes):
    """The search URL for `query` with some parameters changed ('' removes one).

    Changing anything but the page starts again at page one.
    """
    params = {"q": query.text, "type": query.kind, "sort": query.sort, **query.filters.as_params()}
    if query.sort == "relevance":
        params.pop("sort")
    params.update({key: str(value) for key, value in changes.items()})
    return reverse("search") + "?" + urlencode({k: v for k, v in params.items() if v != REMOVE})


@register.simple_tag
def get_item(mapping, key):
    return mapping.get(key, "")


@register.simple_tag
def facet_url(query, param, value):
    """search_url with a parameter whose name is itself a variable."""
    return search_url(query, **{param: value})


@register.simple_tag
def decade_url(query, prefix, decade):
    start = int(decade)
    return search_url(query, **{f"{prefix}_from": start, f"{prefix}_to": start + 9})


@register.simple_tag
def without_filters_url(query):
    """The same words, kind and order, with every filter removed."""
    return search_url(query, **dict.fromkeys(query.filters.as_params(), REMOVE))
