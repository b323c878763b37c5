"""The current page in every interface language, for the switcher and hreflang links."""

from django import template

from memorial.core.i18n import default_language_link, home_path, language_links, text_direction

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context) -> dict:
    """{'links': [{code, name, url, current}], 'default_url': …} for base.html; empty
    without a request (error pages rendered without one)."""
    request = context.get("request")
    if request is None:
        return {"links": [], "default_url": ""}
    links = language_links(request, context.get("page"))
    return {"links": links, "default_url": default_language_link(links)}


@register.simple_tag
def text_direction_of(language_code) -> str:
    """'rtl' or 'ltr' for `language_code` (Azerbaijani is written left to right here)."""
    return text_direction(language_code)


@register.simple_tag
def language_home_path() -> str:
    """'/', '/az/' or '/ru/': the home page in the active language (error pages)."""
    return home_path()
