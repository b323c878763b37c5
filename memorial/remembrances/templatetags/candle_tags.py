from django import template

from memorial.core.page_cache import depends_on

from ..candles import candle_count, candle_stamp_key

register = template.Library()


@register.simple_tag(takes_context=True)
def candles_lit(context, entry) -> int:
    """The candles lit for `entry`; a stored copy of the page showing it lasts until the next."""
    request = context.get("request")
    if request is not None:
        depends_on(request, candle_stamp_key(entry.pk))
    return candle_count(entry)
