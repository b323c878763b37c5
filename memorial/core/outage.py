"""When the database cannot be reached, visitors get a calm 503 page, not a traceback or a 500.

The middleware sits above everything that may query the database (sessions, sign-in, the
Wagtail site lookup, views) and answers for them when the database is unreachable:

- an error raised by a view reaches `process_exception`, which answers at once, so the
  error never goes further;
- an error raised by a middleware below this one has already been turned into a 500 by
  Django's handler when it reaches us; `got_request_exception` marks the request, and the
  500 is exchanged for the 503.

Only OperationalError and InterfaceError count, and only while the database does not
answer a SELECT 1: SQLite reports "no such table" as an OperationalError too, and a
programming error must stay a 500 that someone will look at. Every outage is logged.

The page is rendered without the request, so no context processor (site settings, the
signed-in user) runs a query. Once the database is back, the next request succeeds by
itself: connections are health-checked before reuse (CONN_HEALTH_CHECKS in settings).
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .health import database_answers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
TEMPLATE = "503.html"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_OUTAGE_MARK = "_memorial_database_unavailable"


def is_database_outage(exception: BaseException | None) -> bool:
    """True for a database error raised because the database cannot be reached just now."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    return not database_answers()


def outage_response(request) -> HttpResponse:
    """The 503 page. Someone who sent a form is told plainly that nothing was kept."""
    context = {
        "sent_something": request.method not in SAFE_METHODS,
        "retry_after_minutes": max(1, RETRY_AFTER_SECONDS // 60),
    }
    response = HttpResponse(loader.get_template(TEMPLATE).render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _OUTAGE_MARK, False):
            return outage_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        _log_outage(request, exception)
        return outage_response(request)


@receiver(got_request_exception)
def _mark_outage_raised_by_a_middleware(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and is_database_outage(exception):
        _log_outage(request, exception)
        setattr(request, _OUTAGE_MARK, True)


def _log_outage(request, exception) -> None:
    logger.error(
        "The database is unavailable; answered %s %s with 503",
        request.method,
        request.path,
        exc_info=(type(exception), exception, exception.__traceback__),
    )
