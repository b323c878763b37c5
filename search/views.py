from django.template.response import TemplateResponse

from memorial.core.pages import BasePage

from .queries import MAX_QUERY_LENGTH, SearchQuery


def search(request):
    query = SearchQuery.from_request(request)
    results_page = BasePage.paginate(request, query.results(), per_page=20) if query else None
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
