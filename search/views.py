from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse

from memorial.core.pages import BasePage
from memorial.entries.models import MemorialEntryPage

from .queries import MAX_QUERY_LENGTH, SearchQuery


def search(request):
    query = SearchQuery.from_request(request)
    results_page = BasePage.paginate(request, query.results(), per_page=20) if query else None
    if results_page is not None:
        entries = [page for page in results_page if isinstance(page, MemorialEntryPage)]
        prefetch_related_objects(entries, "birth_place", "death_place")
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query.text,
            "query_message": query.message,
            "results_page": results_page,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
