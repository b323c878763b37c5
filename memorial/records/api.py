"""The public read-only Wagtail API v2 at /api/v2/: pages only, public rows only.

Stock Wagtail serves `.live().public()` pages, which would include staff-only and
embargoed entries and testimonies; this viewset takes its rows from `public_pages()`.
The fields a researcher needs are declared here rather than as `api_fields` on the
models, so the models stay free of API concerns (see `API_FIELDS`).

There is no images or documents endpoint: an image library also holds files used only on
restricted pages. Portraits and gallery photographs are served as renditions inside the
pages that show them; source scans link to the document's own URL.
"""

from copy import copy

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import (
    BooleanField,
    DurationField,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2 import filters
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page

from home.models import HomePage, StandardPage
from memorial.core.converters import DatabaseId
from memorial.core.files.document_links import document_address
from memorial.core.models import ArchiveImage
from memorial.core.pages import KeysFirst
from memorial.core.privacy import public_pages, visible_ids
from memorial.core.renditions import prefetch_stream_renditions, rendition_or_none
from memorial.entries.models import EntrySource, MemorialEntryPage, MemorialIndexPage
from memorial.entries.models.family import prefetch_families
from memorial.galleries.models import (
    FULL_FILTER,
    GalleryIndexPage,
    GalleryPage,
    photographs_shown,
)
from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage
from memorial.testimonies.moments import public_testimonies_mentioning_each
from memorial.testimonies.speakers import public_speaker

from .describe import PORTRAIT_FILTER, mentioned_entries, page_url, permanent_url


class Computed(serializers.Field):
    """A read-only field computed from the whole page: `Computed(lambda page, request: …)`.

    `prepare(pages)`, if given, fetches what `func` reads for all the pages shown at once
    (a listing's, or a detail's one), so the queries do not grow with the pages.
    """

    def __init__(self, func, prepare=None, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)
        self.func = func
        self.prepare = prepare

    def to_representation(self, page):
        return self.func(page, self.context["request"])


class PublicStreamField(serializers.Field):
    """StreamField content with links to non-public entries removed."""

    def to_representation(self, value):
        data = value.stream_block.get_api_representation(value, self.context)
        chosen = {
            pk
            for item in data
            if item["type"] == "related_entries"
            for pk in item["value"].get("entries", [])
        }
        visible = visible_ids(MemorialEntryPage, chosen)
        for item in data:
            if item["type"] == "related_entries":
                item["value"]["entries"] = [pk for pk in item["value"]["entries"] if pk in visible]
        return data


def _prefetching(*lookups):
    return lambda pages: prefetch_related_objects(pages, *lookups)


def prepare_fields(pages, model, shown) -> None:
    """Run the `prepare` of each Computed field of `model` that is `shown` on `pages`."""
    for field in API_FIELDS.get(model, []):
        prepare = getattr(getattr(field, "serializer", None), "prepare", None)
        if prepare and field.name in shown:
            prepare(pages)


def _place(place):
    if place is None:
        return None
    return {
        "name": place.name,
        "region": place.region,
        "other_names": [name.strip() for name in place.other_names.split(";") if name.strip()],
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
    }


def _life_event(prefix):
    def represent(entry, request):
        return {
            "date": getattr(entry, f"{prefix}_iso") or None,
            "precision": getattr(entry, f"{prefix}_date_precision"),
            "display": getattr(entry, f"{prefix}_display"),
            "place": _place(getattr(entry, f"{prefix}_place")),
        }

    return Computed(represent, prepare=_prefetching(f"{prefix}_place"))


def _image(image, spec, request):
    rendition = None if image is None else rendition_or_none(image, spec)
    if rendition is None:
        return None
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "credit": image.credit,
        "rights": image.rights,
        "date": image.date_description,
    }


def _entry_link(entry, request):
    return {
        "id": entry.pk,
        "title": entry.title,
        "identifier": entry.identifier,
        "permanent_url": permanent_url(request, entry),
    }


def _family(entry, request):
    return [
        {"relation": label, "note": note, "entry": _entry_link(relative, request)}
        for label, relative, note in entry.family()
    ]


def _sources(entry, request):
    return [
        {
            "citation": source.citation,
            "url": source.url or None,
            "document": request.build_absolute_uri(document_address(source.document))
            if source.document
            else None,
        }
        for source in entry.sources.all()
    ]


def _prepare_family(entries):
    prefetch_related_objects(entries, "relationships")
    prefetch_families(entries)


MENTIONS_SHOWN = 50


def _prepare_mentions(entries):
    found = public_testimonies_mentioning_each(entries, MENTIONS_SHOWN)
    for entry in entries:
        entry.testimonies_shown = found[entry.pk]


def _open(func):
    """Content a restricted testimony never shows, even if one slipped into a listing."""
    return lambda page, request: func(page, request) if page.is_open_to_public else None


def _recording(testimony, request):
    media = testimony.recording_for(None)  # what a visitor may hear: never a withheld passage
    if media is None:
        return None
    return {
        "url": request.build_absolute_uri(media.url),
        "type": media.type,
        "mime_type": media.sources[0]["type"],
        "credit": media.credit,
        "rights": media.rights,
    }


def _transcript(testimony, request):
    return [
        {
            "start_seconds": segment.start_seconds,
            "end_seconds": segment.end_seconds,
            "speaker": public_speaker(testimony, segment.speaker),
            "text": segment.public_text,
            "withheld": segment.withheld,
        }
        # page_id too: the related manager reads it to attach the testimony to each segment,
        # one query per segment if deferred.
        for segment in testimony.segments.only(
            "page_id", "start_seconds", "end_seconds", "speaker", "text", "withheld"
        )
    ]


def _photographs(gallery, request):
    """The photographs the gallery page shows (galleries.photographs_shown), in its order."""
    shown = [
        gallery.items[position].value for position, _ in photographs_shown([gallery])[gallery.pk]
    ]
    chosen = {person.pk for value in shown for person in value["people"] if person}
    visible_people = visible_ids(MemorialEntryPage, chosen)
    return [
        {
            "image": _image(value["image"], FULL_FILTER, request),
            "alt_text": value["alt_text"],
            "caption": value["caption"],
            "date": value["date"],
            "place": _place(value["place"]),
            "credit": value["credit"] or value["image"].credit,
            "people": [
                _entry_link(person, request)
                for person in value["people"]
                if person and person.pk in visible_people
            ],
        }
        for value in shown
    ]


INTRO = [APIField("intro")]

API_FIELDS = {
    MemorialEntryPage: [
        "identifier",
        APIField("permanent_url", serializer=Computed(lambda e, r: permanent_url(r, e))),
        "given_name",
        "patronymic",
        "family_name",
        "birth_name",
        "sex",
        "occupation",
        APIField("birth", serializer=_life_event("birth")),
        APIField("death", serializer=_life_event("death")),
        "age_at_death",
        "age_at_death_is_approximate",
        "circumstances_of_death",
        APIField(
            "portrait_image",
            serializer=Computed(
                lambda e, r: _image(e.public_portrait, PORTRAIT_FILTER, r),
                prepare=_prefetching(
                    Prefetch(
                        "portrait",
                        queryset=ArchiveImage.objects.prefetch_renditions(PORTRAIT_FILTER),
                    )
                ),
            ),
        ),
        APIField(
            "name_variants",
            serializer=Computed(
                lambda e, r: [
                    {"name": v.name, "script": v.script, "language": v.language, "note": v.note}
                    for v in e.name_variants.all()
                ],
                prepare=_prefetching("name_variants"),
            ),
        ),
        APIField(
            "sources",
            serializer=Computed(
                _sources,
                prepare=_prefetching(
                    Prefetch("sources", queryset=EntrySource.objects.select_related("document"))
                ),
            ),
        ),
        APIField("family", serializer=Computed(_family, prepare=_prepare_family)),
        APIField("biography", serializer=PublicStreamField()),
        APIField(
            "mentioned_in_testimonies",
            serializer=Computed(
                lambda e, r: [
                    {"id": t.pk, "title": t.title, "url": page_url(r, t)}
                    for t in e.testimonies_shown
                ],
                prepare=_prepare_mentions,
            ),
        ),
    ],
    TestimonyPage: [
        APIField("narrator_display", serializer=Computed(lambda t, r: t.narrator_display)),
        "narrator_is_anonymous",
        "narrator_relation",
        "narrator_relation_detail",
        "interview_date",
        APIField(
            "interview_location",
            serializer=Computed(
                lambda t, r: _place(t.interview_place), prepare=_prefetching("interview_place")
            ),
        ),
        "interviewer",
        "duration",
        "content_warning",
        APIField(
            "language_codes",
            serializer=Computed(
                lambda t, r: [lang.language for lang in t.languages.all()],
                prepare=_prefetching("languages"),
            ),
        ),
        APIField(
            "subjects",
            serializer=Computed(
                lambda t, r: [k.name for k in t.keywords.all()], prepare=_prefetching("keywords")
            ),
        ),
        APIField("summary_html", serializer=Computed(_open(lambda t, r: t.summary))),
        APIField(
            "recording",
            serializer=Computed(
                _open(_recording), prepare=_prefetching("segments", "media", "public_media")
            ),
        ),
        APIField(
            "recording_embed_url",
            serializer=Computed(
                _open(lambda t, r: None if t.has_withheld_passage else t.media_embed_url or None),
                prepare=_prefetching("segments"),
            ),
        ),
        APIField(
            "people_mentioned",
            serializer=Computed(
                _open(lambda t, r: [_entry_link(e, r) for e in mentioned_entries(t)]),
                prepare=TestimonyPage.prefetch_public_mentions,
            ),
        ),
        APIField("transcript", serializer=Computed(_open(_transcript))),
    ],
    GalleryPage: [
        "intro",
        "content_warning",
        APIField(
            "photographs",
            serializer=Computed(
                _photographs,
                prepare=lambda galleries: prefetch_stream_renditions(*(g.items for g in galleries)),
            ),
        ),
    ],
    MemorialIndexPage: INTRO,
    TestimonyIndexPage: INTRO,
    GalleryIndexPage: INTRO,
    HomePage: INTRO,
    StandardPage: [*INTRO, APIField("body", serializer=PublicStreamField())],
}


MAX_OFFSET = 10**9  # past any archive; larger numbers overflow the database's integers
# The search backends build one nested condition per word: some hundreds of them exceed
# Python's recursion limit (a 500). The site's own search reads 12 (search.queries).
MAX_SEARCH_WORDS = 50
MAX_FIELDS_DEPTH = 10  # ?fields=a(b(c)): Wagtail parses each level by recursion too


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        deepest = max(deepest, depth)
    return deepest


SEARCH_OPERATORS = {"and", "or"}


def check_parameters(params, model) -> None:
    """Refuse, with a 400 and a reason, what Wagtail's filters would pass to the database
    unread: a NUL character, an offset past any archive, a filter value its field cannot
    hold (`interview_date=notadate`, `duration=x`), fields nested or a search of words by
    the hundred (both parsed by recursion), an unknown search operator."""
    for name, values in params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise BadRequestError("Parameters may not contain NUL characters.")
    for name in ("offset", "limit"):
        value = params.get(name, "")
        if value.isdecimal() and int(value) > MAX_OFFSET:
            raise BadRequestError(f"{name} must be at most {MAX_OFFSET}.")
    if nesting_depth(params.get("fields", "")) > MAX_FIELDS_DEPTH:
        raise BadRequestError(f"fields may be nested at most {MAX_FIELDS_DEPTH} deep.")
    if len(params.get("search", "").split()) > MAX_SEARCH_WORDS:
        raise BadRequestError(f"search may have at most {MAX_SEARCH_WORDS} words.")
    operator = params.get("search_operator")
    if operator is not None and operator not in SEARCH_OPERATORS:
        raise BadRequestError("search_operator must be 'and' or 'or'.")
    for name, value in params.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        # A boolean is Wagtail's to read: it takes true and false, which to_python refuses.
        if not field.concrete or field.is_relation or isinstance(field, BooleanField):
            continue
        try:
            field.run_validators(field.to_python(value))  # types, and ranges such as int's
        except (DjangoValidationError, ValueError, TypeError, OverflowError) as error:
            raise BadRequestError(f"{name}: not a value this field can hold.") from error


class FieldsFilter(filters.FieldsFilter):
    """Wagtail's `?field=value` filters, with a duration read as the field reads it. Wagtail
    hands the database the text as it came: SQLite, which keeps durations as microseconds,
    fails on it, and PostgreSQL reads '10:00' as ten hours where the field means ten minutes.
    """

    def filter_queryset(self, request, queryset, view):
        params = request.GET.copy()
        for name, value in request.GET.items():
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, DurationField):
                # check_parameters has read the value; check_query_parameters the name.
                queryset = queryset.filter(**{name: field.to_python(value)})
                del params[name]
        request = copy(request._request)
        request.GET = params
        return super().filter_queryset(request, queryset, view)


class KeysFirstPagination(WagtailPagination):
    """Wagtail's offset and limit, with a listing's page found by its keys first
    (memorial.core.pages.KeysFirst): a deep offset sorts keys, not whole pages."""

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, QuerySet):  # not search results: they come ranked
            queryset = KeysFirst(queryset)
        return super().paginate_queryset(queryset, request, view)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Pages a visitor may see, on the requested site, with the fields in `API_FIELDS`."""

    # alias_of could name a page that is not public.
    meta_fields = [f for f in PagesAPIViewSet.meta_fields if f != "alias_of"] + [
        "last_published_at"
    ]
    pagination_class = KeysFirstPagination
    # Costly or long: only on a page's own detail view.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "photographs", "transcript"]
    filter_backends = [
        FieldsFilter if backend is filters.FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + API_FIELDS.get(model, []))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            models = page_models_from_string(request.GET.get("type") or "wagtailcore.Page")
        except (LookupError, ValueError):
            models = [Page]  # get_queryset answers the bad type
        check_parameters(request.GET, models[0] if len(models) == 1 else Page)

    def get_serializer(self, instance, *args, many=False, **kwargs):
        pages = list(instance) if many else [instance]
        serializer_class = self.get_serializer_class()
        prepare_fields(pages, serializer_class.Meta.model, serializer_class.Meta.fields)
        return super().get_serializer(pages if many else instance, *args, many=many, **kwargs)

    def find_object(self, queryset, request):
        page_id = request.GET.get("id")
        if page_id is not None and DatabaseId.parse(page_id) is None:
            raise BadRequestError("id must be a page id (a whole number).")
        return super().find_object(queryset, request)

    def site_root(self):
        """The root page of the requested site, or None."""
        try:
            site = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request)
            site = site.site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        return None if site is None else site.root_page

    def get_base_queryset(self, model=Page):
        """Live, unrestricted, public pages (memorial.core.privacy) of the requested site, of
        `model`: filtered as the type it is, privacy reads only that type's rows."""
        root = self.site_root()
        if root is None:
            return model.objects.none()
        return public_pages(model.objects.descendant_of(root, inclusive=True))

    def get_queryset(self):
        try:
            models = page_models_from_string(self.request.GET.get("type") or "wagtailcore.Page")
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
        if len(models) == 1:
            # As pages of any type, privacy would also read every closed row of the other
            # types, for each count and each page of the listing.
            pages = self.get_base_queryset(models[0])
        else:
            pages = self.get_base_queryset().type(*models)
        return pages.select_related("locale")  # every page's `locale` meta field


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
