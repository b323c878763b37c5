"""The interface in English, Azerbaijani and Russian, and pages translated with
wagtail.contrib.simple_translation. English keeps its unprefixed addresses."""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from memorial.core.abuse import timing_token
from memorial.core.i18n import text_direction, with_language_prefix

from ..factories import (
    MemorialEntryPageFactory,
    NameVariantFactory,
    StandardPageFactory,
    TestimonyLanguageFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
)
from ..hidden_states import HIDDEN_STATES, hide

LANGUAGES = ("az", "ru")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "{}" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request under /az/ activates Azerbaijani for the thread; leave English behind."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def catalogue(language):
    return polib.pofile(str(CATALOGUE).format(language))


def untranslated(entries):
    return [
        entry.msgid
        for entry in entries
        if entry.obsolete is False
        and (
            "fuzzy" in entry.flags
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
            or (not entry.msgid_plural and not entry.msgstr)
        )
    ]


# --- catalogues ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_catalogue_is_translated(language):
    po = catalogue(language)
    assert len(po) > 300
    assert untranslated(po) == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_current(language):
    po_path = Path(str(CATALOGUE).format(language))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid) for entry in mo}
    source = {(entry.msgctxt, entry.msgid) for entry in catalogue(language)}
    assert source <= compiled, "run manage.py compilemessages"


def test_every_string_in_the_code_is_in_both_catalogues(tmp_path):
    """Fails on a new interface string nobody translated: runs makemessages into a copy."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed: cannot extract messages")
    base = Path(settings.BASE_DIR)
    work = tmp_path / "project"
    shutil.copytree(
        base,
        work,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "tests",
            "artifacts",
            "media",
            "private",
            "staticfiles",
            "node_modules",
            "*.sqlite3*",
            "__pycache__",
        ),
        symlinks=True,
    )
    (work / ".venv").symlink_to(base / ".venv")
    result = subprocess.run(
        [
            str(base / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            "az",
            "-l",
            "ru",
            "--ignore=.venv",
            "--ignore=tests",
            "--ignore=artifacts",
            "--ignore=staticfiles",
            "--ignore=node_modules",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "memorial.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        fresh = polib.pofile(str(work / "locale" / language / "LC_MESSAGES" / "django.po"))
        assert untranslated(fresh) == [], f"untranslated in {language}: run makemessages"


# --- settings and locales ----------------------------------------------------------------


def test_content_locales_exist_after_migrate(db):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"en", "az", "ru"} <= codes


def test_text_direction():
    assert text_direction("he") == "rtl"
    assert text_direction("ar") == "rtl"
    assert text_direction("ru") == "ltr"
    assert text_direction("az") == "ltr", "Latin-script Azerbaijani, though Django marks az bidi"
    assert text_direction("") == "ltr"
    assert text_direction("xx-unknown") == "ltr"


def test_language_prefix_swaps():
    assert with_language_prefix("/about/", "az") == "/az/about/"
    assert with_language_prefix("/az/about/", "ru") == "/ru/about/"
    assert with_language_prefix("/ru/about/", "en") == "/about/"
    assert with_language_prefix("/", "ru") == "/ru/"


@pytest.mark.parametrize(
    ("language", "written"), [("en", "12,345"), ("az", "12\xa0345"), ("ru", "12\xa0345")]
)
def test_thousands_are_grouped_as_the_language_writes_them(language, written):
    from memorial.core.templatetags.archive_tags import thousands

    with translation.override(language):
        assert thousands(12345) == written
        assert thousands(999) == "999"


# --- pages in each language --------------------------------------------------------------


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "lang", "phrase"),
    [("", "en", "Search for a name"), ("/az", "az", "Ad axtarın"), ("/ru", "ru", "Найти имя")],
)
def test_home_in_each_language(client, home, prefix, lang, phrase):
    html = html_of(client.get(f"{prefix}/"))
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert phrase in html


def test_english_addresses_are_unchanged(client, home, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    assert entry.url == f"{memorial_index.url}{entry.slug}/"
    assert not entry.url.startswith(("/az/", "/ru/"))
    html = html_of(client.get(entry.url))
    assert '<html lang="en"' in html and "Names in the sources" in html
    assert client.get("/search/?q=Tessaro").status_code == 200
    assert client.get("/submit-a-name/").status_code == 200
    assert client.get(f"/e/{entry.identifier}/").status_code in (301, 302)
    assert client.get("/healthz").status_code == 200
    # Machine interfaces have no language variant.
    assert client.get("/az/healthz", follow=True).status_code == 404
    assert client.get("/az/api/v2/pages/", follow=True).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "lang", "phrase"),
    [("/az", "az", "Mənbələrdəki adlar"), ("/ru", "ru", "Имена в источниках")],
)
def test_untranslated_entry_is_served_in_english_with_a_translated_interface(
    client, home, memorial_index, prefix, lang, phrase
):
    entry = MemorialEntryPageFactory(parent=memorial_index, given_name="Oskarine")
    html = html_of(client.get(f"{prefix}{entry.url}"))
    assert f'<html lang="{lang}"' in html
    assert phrase in html and "Oskarine" in html
    # Links from it keep the visitor's language.
    assert f'href="{prefix}{memorial_index.url}"' in html


@pytest.mark.parametrize("language", ["az", "ru"])
def test_primary_nav_keeps_the_language_prefix(
    client, home, memorial_index, gallery_index, language
):
    html = html_of(client.get(f"/{language}/"))
    nav = re.search(r'<nav class="primary-nav".*?</nav>', html, re.S).group(0)
    links = re.findall(r'href="([^"]*)"', nav)
    assert links and all(link.startswith(f"/{language}/") for link in links), links
    # The menu is cached per language: English still links the English addresses.
    english_nav = re.search(r'<nav class="primary-nav".*?</nav>', html_of(client.get("/")), re.S)
    assert f'href="{memorial_index.url}"' in english_nav.group(0)


def test_search_and_submit_a_name_in_azerbaijani_and_russian(client, home, memorial_index):
    MemorialEntryPageFactory(parent=memorial_index, given_name="Veridan")
    az = html_of(client.get("/az/search/?q=Veridan"))
    assert '<html lang="az" dir="ltr">' in az and "Arxivdə axtarış" in az and "Veridan" in az
    ru = html_of(client.get("/ru/submit-a-name/"))
    assert '<html lang="ru"' in ru and "Предложить человека, которого нет в архиве" in ru
    assert "Фамилия" in ru  # a form label from Python


def test_form_errors_are_translated(client, home, memorial_index):
    response = client.post(
        "/ru/submit-a-name/",
        {"submitter_name": "", "form_token": timing_token(seconds_ago=60)},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Проверьте отмеченные ниже поля." in html
    assert "Укажите хотя бы фамилию или имя." in html  # an error raised in Python


def test_hreflang_links_and_switcher(client, home):
    html = html_of(client.get("/search/"))
    for code, path in (("en", "/search/"), ("az", "/az/search/"), ("ru", "/ru/search/")):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{path}">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/search/">' in html
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert 'lang="az"' in switcher and "Azərbaycanca" in switcher
    assert 'lang="ru"' in switcher and "Русский" in switcher
    assert re.search(r'lang="en" aria-current="true">English<', switcher)
    # Following the switcher link gives the page in that language, marked current.
    ru = html_of(client.get("/ru/search/"))
    assert re.search(r'lang="ru" aria-current="true">Русский<', ru)


@pytest.mark.parametrize("address", ["/az//evil.example/", "/ru//evil.example/names/?q=1"])
def test_the_switcher_never_links_to_another_site(client, home, address):
    """/az//evil.example/ is this site's (a 404); its English address is not //evil.example/,
    which a browser reads as another site: a link anyone could plant on the archive's page."""
    from urllib.parse import urlsplit

    html = client.get(address).content.decode()
    links = re.findall(r'href="([^"]*evil\.example[^"]*)"', html)
    assert links
    assert {urlsplit(link).netloc for link in links} == {"testserver"}, links
    assert with_language_prefix("/az//evil.example/", "en") == "/evil.example/"


def test_set_language_view_is_available(client, home):
    response = client.post("/i18n/setlang/", {"language": "az", "next": "/search/"})
    assert response.status_code == 302
    assert response["Location"] == "/az/search/"


def test_fragment_cache_keeps_languages_apart(client, home, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    assert "Names in the sources" in html_of(client.get(entry.url))
    ru = html_of(client.get(f"/ru{entry.url}"))
    assert "Имена в источниках" in ru and "Names in the sources" not in ru


# --- translated pages (simple_translation) ------------------------------------------------


def translate(page, language, title, live=True, slug=None):
    locale = Locale.objects.get(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=True, alias=False)
    translated.title = title
    translated.slug = slug or translated.slug
    translated.save_revision()
    if live:
        translated.get_latest_revision().publish()
    else:
        translated.unpublish()
    translated.refresh_from_db()
    return translated


def test_translated_page_is_served_at_its_language_address(client, home):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    az_about = translate(about, "az", "Arxiv haqqında")
    assert az_about.url == "/az/about/"
    html = html_of(client.get("/az/about/"))
    assert "Arxiv haqqında" in html and '<html lang="az"' in html
    # English still gets the English page; Russian (no translation) falls back to it.
    assert "About the archive" in html_of(client.get("/about/"))
    ru = html_of(client.get("/ru/about/"))
    assert "About the archive" in ru and '<html lang="ru"' in ru
    # hreflang on the English page links the real translation.
    english = html_of(client.get("/about/"))
    assert '<link rel="alternate" hreflang="az" href="http://testserver/az/about/">' in english


def test_draft_translation_is_not_served(client, home):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    translate(about, "az", "Qaralama tərcümə", live=False)
    html = html_of(client.get("/az/about/"))
    assert "Qaralama tərcümə" not in html
    assert "About the archive" in html  # the English page instead


def test_private_translation_is_not_reachable(client, home):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    az_about = translate(about, "az", "Gizli tərcümə")
    PageViewRestriction.objects.create(page=az_about, restriction_type="password", password="x")
    response = client.get("/az/about/")
    assert "Gizli tərcümə" not in response.content.decode()
    assert response.status_code != 200 or "password" in response.content.decode().lower()


def test_private_english_page_is_not_visible_under_another_language(client, home):
    hidden = StandardPageFactory(parent=home, title="Closed notes", slug="closed")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    for prefix in ("", "/ru", "/az"):
        response = client.get(f"{prefix}/closed/")
        html = response.content.decode()
        # Wagtail's password form, in every language, and never the page behind it.
        assert response.status_code == 200 and 'name="password"' in html, prefix
        assert "Closed notes" not in html, prefix


def test_draft_english_page_is_not_visible_under_another_language(client, home):
    StandardPageFactory(parent=home, title="Unpublished notes", slug="draft", live=False)
    assert client.get("/ru/draft/").status_code == 404
    assert client.get("/az/draft/").status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_testimony_stays_closed_under_another_language(
    client, home, testimony_index, state
):
    testimony = TestimonyPageFactory(parent=testimony_index, summary="<p>Closed words.</p>")
    address = f"/ru{testimony.url}"
    assert "Closed words." in client.get(address).content.decode()  # open while public
    hide(testimony, state)
    assert "Closed words." not in client.get(address).content.decode()


# --- names and right-to-left content ------------------------------------------------------


def test_name_variants_keep_their_script_and_direction(client, home, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    NameVariantFactory(page=entry, name="אילמר טסרו", script="Hebr", language="he")
    html = html_of(client.get(f"/az{entry.url}"))
    assert re.search(r'lang="he" dir="auto">אילמר טסרו<', html)


def test_hebrew_testimony_renders_right_to_left(client, home, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, summary="<p>סיפור בדוי.</p>")
    TestimonyLanguageFactory(page=testimony, language="he")
    TranscriptSegmentFactory(page=testimony, text="מילים בדויות.")
    html = html_of(client.get(testimony.url))
    assert 'class="rich-text prose" lang="he" dir="rtl"' in html
    assert 'data-transcript lang="he" dir="rtl"' in html


def test_english_testimony_renders_left_to_right(client, home, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    TestimonyLanguageFactory(page=testimony, language="en")
    html = html_of(client.get(testimony.url))
    assert 'class="rich-text prose" lang="en" dir="ltr"' in html


def test_untranslated_languages_link_the_english_address_of_a_page_with_its_own_slug(client, home):
    about = StandardPageFactory(parent=home, title="About the archive", slug="about")
    az_about = translate(about, "az", "Arxiv haqqında", slug="haqqinda")
    html = html_of(client.get(f"{az_about.url}?x=1"))
    links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
    assert links == {
        "en": "http://testserver/about/",
        "az": "http://testserver/az/haqqinda/?x=1",
        "ru": "http://testserver/ru/about/?x=1",
        "x-default": "http://testserver/about/",
    }
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert 'href="http://testserver/ru/about/?x=1"' in switcher
    assert client.get("/ru/about/").status_code == 200


def test_untranslated_languages_keep_the_address_beyond_the_page(client, home, memorial_index):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    html = html_of(client.get(f"{entry.url}remember/"))
    expected = f'hreflang="ru" href="http://testserver/ru{entry.url}remember/"'
    assert expected in html


@pytest.mark.parametrize(
    "language, length, written",
    [
        ("en", datetime.timedelta(hours=1, minutes=5), "1 hour 5 minutes"),
        ("ru", datetime.timedelta(hours=1, minutes=5), "1 час 5 минут"),
        ("ru", datetime.timedelta(hours=2, minutes=21), "2 часа 21 минута"),
        ("az", datetime.timedelta(seconds=40), "40 saniyə"),
    ],
)
def test_a_recordings_length_is_written_in_the_visitors_language(language, length, written):
    from memorial.core.templatetags.archive_tags import duration_display

    with translation.override(language):
        assert duration_display(length) == written
