from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.template.response import TemplateResponse

from memorial.core.pages import BasePage

from .names import explain
from .promotions import log_search, promoted_results
from .queries import (
    KINDS,
    MAX_QUERY_LENGTH,
    PREVIEWS_PER_KIND,
    RESULTS_PER_PAGE,
    SORTS,
    SearchQuery,
    clean_query_text,
)
from .suggest import as_json, suggest
from .transcripts import transcript_snippets


def _explain_entries(entries, query):
    prefetch_related_objects(entries, "name_variants")
    for entry in entries:
        entry.match_reasons = explain(entry, query.name_terms)


def _attach_snippets(testimonies, query):
    found = transcript_snippets([page.pk for page in testimonies], query.terms)
    for page in testimonies:
        page.snippets = found.get(page.pk, [])


def search(request):
    query = SearchQuery.from_request(request)
    context = {
        "query": query,
        "search_query": query.text,
        "query_message": query.message,
        "filter_errors": query.filters.errors,
        "max_query_length": MAX_QUERY_LENGTH,
        "kinds": KINDS,
        "sorts": SORTS,
        "results_page": None,
    }
    if query:
        previews_wanted = not query.kind and query.requested_page == 1
        shown = PREVIEWS_PER_KIND if previews_wanted else 0
        testimony_count, testimony_previews = query.text_matches("testimony", shown)
        gallery_count, gallery_previews = query.text_matches("gallery", shown)
        counts = {
            "entry": query.facets.total,
            "testimony": testimony_count,
            "gallery": gallery_count,
        }
        shown_kind = query.kind or "entry"
        paginator = Paginator(query.results_of(shown_kind), RESULTS_PER_PAGE)
        results_page = BasePage.paginate_with(request, paginator)
        results = list(results_page.object_list)
        if shown_kind == "entry":
            _explain_entries(results, query)
        elif shown_kind == "testimony":
            _attach_snippets(results, query)
        previews = {}
        if previews_wanted and results_page.number == 1:
            previews = {"testimony": testimony_previews, "gallery": gallery_previews}
            _attach_snippets(previews["testimony"], query)
        first_page = results_page.number == 1
        if query.requested_page == 1 and not query.filters:
            log_search(query.text)  # a new search, not paging or narrowing one
        context.update(
            counts=counts,
            total=sum(counts.values()),
            shown_kind=shown_kind,
            results_page=results_page,
            results=results,
            previews=previews,
            facets=query.facets,
            promotions=promoted_results(query.text) if first_page else [],
        )
    return TemplateResponse(request, "search/search.html", context)


def suggestions(request):
    """Up to ten public entries whose names begin with what was typed, as JSON."""
    text, _message = clean_query_text(request.GET.get("q", ""))
    return JsonResponse({"query": text, "results": as_json(suggest(text))})
