"""Archivists can create every page type through the admin, StreamFields and inlines included."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.galleries.models import GalleryIndexPage, GalleryPage, GalleryPersonShown
from memorial.testimonies.models import Keyword, TestimonyIndexPage, TestimonyPage

from .factories import (
    ArchiveImageFactory,
    GalleryIndexPageFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    PlaceFactory,
    TestimonyIndexPageFactory,
)

SETTINGS_TAB = {"go_live_at": "", "expire_at": ""}


class AdminCreateTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(depth=2)

    def test_collections_and_standard_page(self):
        for model, extra in [
            (MemorialIndexPage, {"intro": rich_text("<p>Fictional names.</p>")}),
            (TestimonyIndexPage, {"intro": rich_text("<p>Fictional accounts.</p>")}),
            (GalleryIndexPage, {"intro": rich_text("<p>Fictional photographs.</p>")}),
        ]:
            with self.subTest(model=model.__name__):
                self.assertCanCreate(
                    self.home,
                    model,
                    nested_form_data(
                        {"title": model.__name__, "slug": model.__name__.lower(), **extra}
                    ),
                )
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Ethics and care",
                    "slug": "ethics",
                    "intro": "How this archive treats what it holds.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Consent", "level": "h2"}),
                            ("paragraph", rich_text("<p>Families are asked first.</p>")),
                            (
                                "quote",
                                {"quote": "We remember.", "attribution": "A reader", "source": ""},
                            ),
                        ]
                    ),
                }
            ),
        )

    def test_memorial_entry_with_variants_sources_relations_and_biography(self):
        index = MemorialIndexPageFactory(parent=self.home)
        relative = MemorialEntryPageFactory(parent=index, given_name="Anvar", family_name="Delmiro")
        place = PlaceFactory()
        portrait = ArchiveImageFactory()
        data = nested_form_data(
            {
                "title": "",
                "slug": "",
                "given_name": "Leyla",
                "patronymic": "Anvar qızı",
                "family_name": "Delmiro",
                "birth_name": "",
                "name_variants": inline_formset(
                    [{"name": "Дельмиро Лейла", "script": "Cyrl", "language": "ru", "note": ""}]
                ),
                "sex": "female",
                "occupation": "Seamstress",
                "portrait": portrait.pk,
                "identifier": "",
                "birth_date": "1931-01-01",
                "birth_date_precision": "approximate",
                "birth_place": place.pk,
                "biography": streamfield(
                    [
                        ("paragraph", rich_text("<p>A fictional life.</p>")),
                        (
                            "event",
                            {
                                "date": "1937-09-01",
                                "precision": "month",
                                "title": "Started school",
                                "description": "",
                                "place": place.pk,
                            },
                        ),
                    ]
                ),
                "death_date": "1942-05-14",
                "death_date_precision": "day",
                "death_place": "",
                "age_at_death": "",
                "circumstances_of_death": "",
                "sources": inline_formset(
                    [{"citation": "Fictional register, p. 4", "url": "", "document": ""}]
                ),
                "relationships": inline_formset(
                    [{"relation": "parent", "related_entry": relative.pk, "note": "father"}]
                ),
                "access_level": "public",
                "embargo_until": "",
                **SETTINGS_TAB,
                "seo_title": "",
                "search_description": "",
            }
        )
        self.assertCanCreate(index, MemorialEntryPage, data)

        entry = MemorialEntryPage.objects.get(given_name="Leyla")
        self.assertEqual(entry.title, "Leyla Anvar qızı Delmiro", "title composed from the names")
        self.assertEqual(entry.slug, "leyla-anvar-qizi-delmiro")
        self.assertEqual(len(entry.identifier), 8, "identifier generated")
        self.assertEqual((entry.age_at_death, entry.age_at_death_is_approximate), (11, True))
        self.assertEqual(entry.name_variants.get().name, "Дельмиро Лейла")
        self.assertEqual(entry.relationships.get().related_entry, relative)
        self.assertEqual(entry.sources.count(), 1)

    def test_testimony_with_transcript_mentions_and_languages(self):
        index = TestimonyIndexPageFactory(parent=self.home)
        mentioned = MemorialEntryPageFactory(parent=MemorialIndexPageFactory(parent=self.home))
        keyword = Keyword.objects.create(name="Childhood")
        data = nested_form_data(
            {
                "title": "Growing up by the river",
                "slug": "growing-up",
                "narrator": "Maren Oskeli",
                "narrator_is_anonymous": "",
                "narrator_relation": "survivor",
                "narrator_relation_detail": "",
                "interview_date": "2004-06-01",
                "interview_place": "",
                "interviewer": "A. Interviewer",
                "languages": inline_formset([{"language": "az"}, {"language": "ru"}]),
                "media": "",
                "media_embed_url": "",
                "duration": "01:02:03",
                "summary": rich_text("<p>Memories of a fictional childhood.</p>"),
                "content_warning": "Mentions of loss.",
                "segments": inline_formset(
                    [
                        {
                            "start_seconds": "0",
                            "end_seconds": "30",
                            "speaker": "Narrator",
                            "text": "I was born.",
                            "keywords": "Childhood",  # typed by name, as the admin names it
                            "people": mentioned.identifier,  # typed, as /e/<identifier>/
                        },
                        {
                            "start_seconds": "30",
                            "end_seconds": "45",
                            "speaker": "Narrator",
                            "text": "A name that must stay private.",
                            "withheld": "on",
                            "withheld_reason": "names a living person",
                        },
                    ]
                ),
                "mentions": inline_formset([{"entry": mentioned.pk, "note": "neighbour"}]),
                "access_level": "researchers",
                "embargo_until": "2030-01-01",
                "restricted_listing": "details",
                **SETTINGS_TAB,
                "seo_title": "",
                "search_description": "",
            }
        )
        self.assertCanCreate(index, TestimonyPage, data)
        testimony = TestimonyPage.objects.get(slug="growing-up")
        self.assertEqual(testimony.languages.count(), 2)
        self.assertEqual(testimony.mentions.get().entry, mentioned)
        self.assertFalse(testimony.is_open_to_public)
        first, withheld = testimony.segments.all()
        self.assertEqual(list(first.keywords.all()), [keyword])
        self.assertEqual(list(first.people.all()), [mentioned])
        self.assertEqual(withheld.public_text, "[passage withheld]")

    def test_gallery_with_photographs_and_people_shown(self):
        index = GalleryIndexPageFactory(parent=self.home)
        person = MemorialEntryPageFactory(parent=MemorialIndexPageFactory(parent=self.home))
        images = [ArchiveImageFactory(), ArchiveImageFactory()]
        items = [
            (
                "photograph",
                {
                    "image": image.pk,
                    "alt_text": "Two fictional people by a fence",
                    "caption": "Summer",
                    "date": "c. 1930",
                    "place": "",
                    "credit": "",
                    "people": {"count": 1, "0-value": person.pk, "0-deleted": "", "0-order": "0"},
                },
            )
            for image in images
        ]
        data = nested_form_data(
            {
                "title": "Summer album",
                "slug": "summer",
                "intro": rich_text(""),
                "content_warning": "",
                "items": streamfield(items),
            }
        )
        self.assertCanCreate(index, GalleryPage, data)
        gallery = GalleryPage.objects.get(slug="summer")
        self.assertEqual(len(gallery.items), 2)
        self.assertEqual(
            GalleryPersonShown.objects.filter(gallery=gallery, entry=person).count(), 2
        )
