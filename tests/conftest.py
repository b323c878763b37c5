import pytest
from django.core.cache import cache
from wagtail.models import Site

from home.models import HomePage

from .factories import (
    GalleryIndexPageFactory,
    MemorialIndexPageFactory,
    TestimonyIndexPageFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: ids repeat between tests' databases."""
    cache.clear()


@pytest.fixture
def home(db):
    """The HomePage created by the home.0002 migration, root of the default site."""
    return HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


@pytest.fixture
def memorial_index(home):
    return MemorialIndexPageFactory(parent=home, title="Names")


@pytest.fixture
def testimony_index(home):
    return TestimonyIndexPageFactory(parent=home)


@pytest.fixture
def gallery_index(home):
    return GalleryIndexPageFactory(parent=home)
