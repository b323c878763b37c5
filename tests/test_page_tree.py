"""Every page type declares where it may live; these rules keep the archive's tree sane."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage
from memorial.galleries.models import GalleryIndexPage, GalleryPage
from memorial.insights.models import ArchiveNumbersPage
from memorial.remembrances.models import RemembrancePage
from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage


class PageTreeTests(WagtailPageTestCase):
    def test_home_holds_the_collections_and_editorial_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                MemorialIndexPage,
                TestimonyIndexPage,
                GalleryIndexPage,
                StandardPage,
                ArchiveNumbersPage,
            },
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_collections_hold_only_their_own_items(self):
        self.assertAllowedSubpageTypes(MemorialIndexPage, {MemorialEntryPage})
        self.assertAllowedSubpageTypes(TestimonyIndexPage, {TestimonyPage})
        self.assertAllowedSubpageTypes(GalleryIndexPage, {GalleryPage})

    def test_items_live_only_in_their_collection_and_have_no_children(self):
        self.assertAllowedParentPageTypes(MemorialEntryPage, {MemorialIndexPage})
        self.assertAllowedParentPageTypes(TestimonyPage, {TestimonyIndexPage})
        self.assertAllowedParentPageTypes(GalleryPage, {GalleryIndexPage})
        for leaf in (TestimonyPage, GalleryPage, RemembrancePage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_remembrances_live_under_the_person_they_remember(self):
        self.assertAllowedSubpageTypes(MemorialEntryPage, {RemembrancePage})
        self.assertAllowedParentPageTypes(RemembrancePage, {MemorialEntryPage})

    def test_entries_cannot_be_created_outside_a_collection(self):
        self.assertCanNotCreateAt(HomePage, MemorialEntryPage)
        self.assertCanNotCreateAt(TestimonyIndexPage, MemorialEntryPage)
        self.assertCanNotCreateAt(StandardPage, TestimonyPage)

    def test_standard_pages_nest_for_about_and_ethics_sections(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_there_is_one_home_page(self):
        self.assertEqual(HomePage.max_count, 1)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
