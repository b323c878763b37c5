"""Open-data surfaces: the Wagtail API v2 at /api/v2/ and OAI-PMH at /oai/."""

from django.urls import path

from .api import api_router
from .oai.views import oai_pmh

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("oai/", oai_pmh, name="oai_pmh"),
]
