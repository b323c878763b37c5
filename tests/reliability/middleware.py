"""A middleware for the outage tests that reads the database before any view runs."""

from django.contrib.sessions.models import Session


class QueryingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        Session.objects.exists()
        return self.get_response(request)
