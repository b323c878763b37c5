from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from memorial.core.abuse import rate_limited
from memorial.core.privacy import public_pages
from memorial.core.same_origin import same_origin_post
from memorial.entries.identifiers import is_identifier
from memorial.entries.models import MemorialEntryPage

from .candles import light_candle, visitor_key


@same_origin_post
@require_POST
@rate_limited("candles", "RATE_LIMIT_CANDLES", "RATE_LIMIT_CANDLES_WINDOW")
def light_candle_view(request, identifier):
    """POST /e/<identifier>/candle/: light a candle; JSON for scripts, else back to the entry."""
    if not is_identifier(identifier):
        raise Http404("No public entry has this identifier.")
    entry = public_pages(MemorialEntryPage.objects.filter(identifier=identifier)).first()
    if entry is None:
        raise Http404("No public entry has this identifier.")
    day = timezone.localdate()
    lit, count = light_candle(entry, visitor_key(request, day), day)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"count": count, "lit": lit})
    outcome = "lit" if lit else "already"
    return redirect(f"{entry.get_url(request=request)}?candle={outcome}#candles")
