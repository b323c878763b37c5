"""Builds the demo archive in the database, idempotently.

Everything is looked up before it is made — pages by slug under their parent, entries by
identifier, images and media by title, places by name and region, keywords by name — so a
second run finds it all and changes nothing, and a larger --entries only adds people.
"""

from collections import Counter

from django.db import transaction

from home.models import ArchiveSettings, HomePage, StandardPage
from memorial.core.names import same_name_key
from memorial.entries.models import MemorialIndexPage, Place
from memorial.entries.models.places import place_key
from memorial.galleries.models import GalleryIndexPage
from memorial.insights.models import ArchiveNumbersPage
from memorial.testimonies.models import Keyword, TestimonyIndexPage

from . import site_texts
from .build_collections import build_galleries, build_testimonies
from .build_entries import build_entries
from .places import place_specs
from .testimony_texts import KEYWORDS


def child_page(parent, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def add_published(parent, page):
    """Add `page` under `parent`, live, with a first revision."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class DemoBuilder:
    def __init__(self, seed: int, entries: int, progress=None):
        self.seed = seed
        self.count = entries
        self.progress = progress or (lambda message: None)
        self.created = Counter()
        self.home = None
        self.collections = {}  # "river"/"mountain" → MemorialIndexPage
        self.places = {}  # group → [Place, …] in spec order
        self.keywords = {}

    def run(self) -> Counter:
        with transaction.atomic():
            self.build_site()
            self.build_places()
            self.build_keywords()
        build_entries(self)
        with transaction.atomic():
            build_testimonies(self)
        with transaction.atomic():
            build_galleries(self)
        return +self.created  # drop zero counts

    # Site -------------------------------------------------------------------------------
    def build_site(self):
        self.home = HomePage.objects.order_by("depth", "path").first()
        if self.home is None:
            raise RuntimeError("No home page: run 'manage.py migrate' first.")
        if self.home.intro != site_texts.HOME_INTRO:
            self.home.intro = site_texts.HOME_INTRO
            self.home.save_revision().publish()
            self.home.refresh_from_db()
            self.created["home page updated"] += 1
        self.build_settings()
        for key, (title, slug, intro) in site_texts.COLLECTIONS.items():
            self.collections[key] = self.index_page(MemorialIndexPage, title, slug, intro)
        self.testimony_index = self.index_page(TestimonyIndexPage, *site_texts.TESTIMONY_INDEX)
        self.gallery_index = self.index_page(GalleryIndexPage, *site_texts.GALLERY_INDEX)
        for title, slug, intro, body in site_texts.STANDARD_PAGES:
            if not child_page(self.home, StandardPage, slug):
                page = StandardPage(title=title, slug=slug, intro=intro, body=body)
                add_published(self.fresh_home(), page)
                self.created["standard pages"] += 1
        if not ArchiveNumbersPage.objects.exists():  # one per site (max_count)
            title, slug, intro = site_texts.NUMBERS_PAGE
            page = ArchiveNumbersPage(title=title, slug=slug, intro=intro)
            add_published(self.fresh_home(), page)
            self.created["numbers page"] += 1

    def build_settings(self):
        settings = ArchiveSettings.load()
        changed = not settings.demo_notice
        settings.demo_notice = True
        if not settings.footer_text:
            settings.footer_text, changed = site_texts.FOOTER, True
        if not settings.contact_email:
            settings.contact_email, changed = site_texts.CONTACT_EMAIL, True
        if changed:
            settings.save()
            self.created["settings updated"] += 1

    def fresh_home(self):
        self.home = HomePage.objects.get(pk=self.home.pk)
        return self.home

    def index_page(self, model, title: str, slug: str, intro: str):
        page = child_page(self.home, model, slug)
        if page is None:
            page = add_published(self.fresh_home(), model(title=title, slug=slug, intro=intro))
            self.created["collection pages"] += 1
        return page

    # Snippets ---------------------------------------------------------------------------
    def build_places(self):
        for spec in place_specs(self.seed):
            group = spec.pop("group")
            place, made = Place.objects.get_or_create(
                key=place_key(spec["name"], spec["region"]), defaults=spec
            )
            self.created["places"] += made
            self.places.setdefault(group, []).append(place)

    def build_keywords(self):
        for name, broader, note in KEYWORDS:
            keyword, made = Keyword.objects.get_or_create(
                key=same_name_key(name),
                defaults={"name": name, "broader": self.keywords.get(broader), "scope_note": note},
            )
            self.created["keywords"] += made
            self.keywords[name] = keyword
