"""Public testimony URLs outside the page tree."""

from django.urls import path

from memorial.core import converters  # noqa: F401 (registers <id:…>)

from .transcripts.public_views import testimony_transcript_vtt

urlpatterns = [
    path(
        "transcripts/<id:page_id>.vtt",
        testimony_transcript_vtt,
        name="testimony_transcript_vtt",
    ),
]
