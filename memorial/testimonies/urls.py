"""Public testimony URLs outside the page tree."""

from django.urls import path

from .transcripts.public_views import testimony_transcript_vtt

urlpatterns = [
    path(
        "transcripts/<int:page_id>.vtt",
        testimony_transcript_vtt,
        name="testimony_transcript_vtt",
    ),
]
