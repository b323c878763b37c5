"""The abstract page every archive page type builds on."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

from .caching import query_not_canonical
from .copying import RecordSafeCopyForm
from .i18n import default_locale_id, default_locale_translation, in_request_language
from .privacy import public_pages, restricted_sections


def children_of(page, model=None):
    """Child pages as a range on the tree path, which its index answers.

    Wagtail's `child_of` filters with LIKE, which PostgreSQL answers by reading every page.
    """
    start, end = page._get_children_path_interval(page.path)
    return (model or Page).objects.filter(depth=page.depth + 1, path__range=(start, end))


class KeysFirst:
    """A listing for a Paginator that finds a page's rows by their keys first.

    A deep page (`OFFSET` tens of thousands) makes the database sort every row of the
    listing before the ones shown: sorting whole rows (names, dates, a biography) spills to
    disk; sorting their keys does not. The page's rows are then read by key, with the
    queryset's joins and prefetches, in the listing's order.
    """

    ordered = True  # the queryset's order is the listing's (Paginator warns otherwise)

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[index])
        rows = self.queryset.order_by().filter(pk__in=keys).in_bulk()
        return [rows[key] for key in keys if key in rows]


class BasePage(Page):
    """Shared behaviour: privacy-aware children and paginated listings."""

    # A record (a person, a testimony, a gallery, a remembrance) is kept once, in the default
    # language's tree, and never translated (memorial.core.translation).
    is_record = False
    # The query parameters this page type reads. A public page asked for with any other
    # (`?utm_source=…`, `?x=1`) is answered, but not kept by shared caches or the page
    # cache, so that no one can fill them by varying the query (memorial.core.caching).
    cached_query_parameters: frozenset[str] = frozenset()
    # The admin's Copy refuses aliases of records and copies of records into another
    # language (memorial.core.copying).
    copy_form_class = RecordSafeCopyForm

    class Meta:
        abstract = True

    @classmethod
    def can_create_at(cls, parent):
        if cls.is_record and parent.locale_id != default_locale_id():
            return False
        return super().can_create_at(parent)

    def copy_for_translation(self, locale, *args, **kwargs):
        from .translation import RecordNotTranslatable

        if self.is_record:
            raise RecordNotTranslatable(self.get_admin_display_title())
        return super().copy_for_translation(locale, *args, **kwargs)

    def record_collection(self):
        """The page whose children are this collection's records: the page itself, or for
        a translated collection, the page it translates (records are never translated)."""
        return default_locale_translation(self) or self

    def permissions_for_user(self, user):
        """Wagtail's page permissions, narrowed for Moderators (remembrances only)."""
        from memorial.remembrances.moderator_scope import ModeratorScopedPermissionTester

        return ModeratorScopedPermissionTester(user, self)

    def get_url_parts(self, request=None):
        """Links from a page read in Azerbaijani or Russian keep the visitor's language:
        an English page is linked under the request's language prefix, where it is served
        with the interface translated (see `route_to_default_locale`)."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, root_url, in_request_language(page_path, request)

    def route_to_default_locale(self, request, path_components):
        """Route as usual; when this translated page has no such descendant, route the same
        path from the page in the default language instead. Wagtail's serve view still runs
        every before_serve_page check (view restrictions) on the page found."""
        try:
            return Page.route(self, request, path_components)
        except Http404:
            source = default_locale_translation(self)
            if source is None or not path_components:
                raise
            return source.specific.route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's, without its two queries (ancestors, then their restrictions) when the
        archive has no view restriction at all: `restricted_sections` lists every one, and
        public pages read it anyway, once per request."""
        if not restricted_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def paths_beside_the_page(self) -> list[str]:
        """Site paths outside this page's own address that show it to everyone (an entry's
        preview picture): purged from shared caches with the page (memorial.core.purging)."""
        return []

    def public_children(self, model=None):
        return public_pages(children_of(self, model))

    @staticmethod
    def paginate(request, queryset, per_page=None):
        """A page of results; a bad or too-large page number falls back to a valid page."""
        paginator = Paginator(KeysFirst(queryset), per_page or settings.ARCHIVE_ENTRIES_PER_PAGE)
        return BasePage.paginate_with(request, paginator)

    @staticmethod
    def paginate_with(request, paginator):
        number = request.GET.get("page", 1)
        try:
            page = paginator.page(number)
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        if "page" in request.GET and request.GET["page"] != str(page.number):
            query_not_canonical(request)
        return page
