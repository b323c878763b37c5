"""schema.org JSON-LD for entries (Person) and testimonies (AudioObject, VideoObject or
CreativeWork), written into pages as `<script type="application/ld+json">`.

A JSON-LD script is data, never executed, so it stays within a strict Content Security
Policy. It says no more than the page shows: a restricted testimony's JSON-LD carries its
catalogue details only, and links to other people only when their entries are public.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from memorial.core.renditions import rendition_or_none
from memorial.core.templatetags.archive_tags import iso_duration
from memorial.testimonies.models import RestrictedListing

from .describe import (
    PORTRAIT_FILTER,
    life_line,
    mentioned_entries,
    page_url,
    permanent_url,
    plain_text,
)

CONTEXT = "https://schema.org"
GENDER = {"female": "https://schema.org/Female", "male": "https://schema.org/Male"}
MEDIA_TYPE = {"audio": "AudioObject", "video": "VideoObject"}
# Inside <script>, these must not appear literally: '</script>' or '<!--' would end or
# change the element. JSON allows the same characters as \u escapes.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def place(place) -> dict | None:
    if place is None:
        return None
    other_names = [name.strip() for name in place.other_names.split(";") if name.strip()]
    geo = None
    if place.has_coordinates:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return _compact(
        {
            "@type": "Place",
            "name": place.name,
            "alternateName": other_names,
            "address": place.region,
            "geo": geo,
        }
    )


def person_reference(entry, request) -> dict:
    url = permanent_url(request, entry)
    return {"@type": "Person", "@id": url, "url": url, "name": entry.title}


def entry_jsonld(entry, request) -> dict:
    """A Person. Spellings from the sources are alternate names; the patronymic is the
    additional (middle) name schema.org describes."""
    url = permanent_url(request, entry)
    alternate = [variant.name for variant in entry.name_variants.all()]
    if entry.birth_name:
        alternate.insert(0, " ".join(filter(None, [entry.given_name, entry.birth_name])))
    image = None
    if entry.public_portrait is not None and (
        rendition := rendition_or_none(entry.public_portrait, PORTRAIT_FILTER)
    ):
        image = request.build_absolute_uri(rendition.url)
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Person",
            "@id": url,
            "url": url,
            "mainEntityOfPage": page_url(request, entry),
            "identifier": entry.identifier,
            "name": entry.title,
            "givenName": entry.given_name,
            "familyName": entry.family_name,
            "additionalName": entry.patronymic,
            "alternateName": [name for name in alternate if name and name != entry.title],
            "gender": GENDER.get(entry.sex),
            "birthDate": entry.birth_iso,
            "deathDate": entry.death_iso,
            "birthPlace": place(entry.birth_place),
            "deathPlace": place(entry.death_place),
            "jobTitle": entry.occupation,
            "description": life_line(entry),
            "image": image,
        }
    )


def testimony_jsonld(testimony, request) -> dict:
    open_to_public = testimony.is_open_to_public
    media = testimony.recording_for(None) if open_to_public else None
    data = {
        "@context": CONTEXT,
        "@type": MEDIA_TYPE.get(getattr(media, "type", ""), "CreativeWork"),
        "@id": page_url(request, testimony),
        "url": page_url(request, testimony),
        "name": testimony.title,
        "genre": "Oral history testimony",
    }
    # A closed testimony shows only what its archivist marked publishable.
    if open_to_public or testimony.restricted_listing == RestrictedListing.DETAILS:
        data.update(
            dateCreated=testimony.interview_date.isoformat() if testimony.interview_date else None,
            inLanguage=[language.language for language in testimony.languages.all()],
            locationCreated=place(testimony.interview_place),
            duration=iso_duration(testimony.duration) or None,
        )
        if testimony.narrator and not testimony.narrator_is_anonymous:
            data["creator"] = {"@type": "Person", "name": testimony.narrator}
    if not open_to_public:
        data["conditionsOfAccess"] = "Closed to the public: catalogue details only."
        return _compact(data)
    data.update(
        keywords=[keyword.name for keyword in testimony.keywords.all()],
        # Search engines show an abstract without the page's content warning.
        abstract=None if testimony.content_warning else plain_text(testimony.summary),
        mentions=[person_reference(entry, request) for entry in mentioned_entries(testimony)],
        contentUrl=request.build_absolute_uri(media.url) if media else None,
        encodingFormat=media.sources[0]["type"] if media else None,
        # An embedded player cannot be edited: none while a passage is withheld.
        embedUrl=None if testimony.has_withheld_passage else testimony.media_embed_url or None,
    )
    return _compact(data)


def script_tag(data: dict) -> str:
    """`<script type="application/ld+json">` with the data safely escaped for HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(  # noqa: S308 - every <, > and & in the JSON is escaped above
        f'<script type="application/ld+json">{text.translate(SCRIPT_ESCAPES)}</script>'
    )
