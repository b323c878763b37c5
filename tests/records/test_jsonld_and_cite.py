"""schema.org JSON-LD on entry and testimony pages, and the "Cite this record" block."""

import datetime
import json
import re
from html import unescape

import pytest
from django.test import RequestFactory
from django.utils import timezone

from memorial.records.jsonld import script_tag
from memorial.records.templatetags.records_tags import citations

from ..factories import (
    KeywordFactory,
    MemorialEntryPageFactory,
    NameVariantFactory,
    PlaceFactory,
    TestimonyLanguageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
RU_MONTHS_AFTER_A_DAY = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 1
    head = html.split("</head>")[0]
    assert scripts[0] in head
    return json.loads(scripts[0]), html


@pytest.fixture
def entry(memorial_index):
    birth = PlaceFactory(name="Velmora", region="Uplands", latitude="40.5", longitude="49.25")
    page = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Orlena",
        patronymic="Tavisovna",
        family_name="Quessaro",
        birth_name="Dellamar",
        identifier="pub-7",
        sex="female",
        occupation="weaver",
        birth_place=birth,
        death_place=PlaceFactory(name="Ostrel", region="Lowlands"),
    )
    NameVariantFactory(page=page, name="Орлена Кессаро", language="ru")
    return page


def test_an_entry_page_describes_a_person(client, entry):
    data, _ = jsonld(client, entry)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["@id"] == data["url"] == "http://testserver/e/pub-7/"
    assert data["identifier"] == "pub-7"
    assert data["name"] == entry.title
    assert (data["givenName"], data["familyName"]) == ("Orlena", "Quessaro")
    assert data["additionalName"] == "Tavisovna"
    assert data["alternateName"] == ["Orlena Dellamar", "Орлена Кессаро"]
    assert (data["birthDate"], data["deathDate"]) == ("1931", "1942-05-14")
    assert data["birthPlace"] == {
        "@type": "Place",
        "name": "Velmora",
        "address": "Uplands",
        "geo": {"@type": "GeoCoordinates", "latitude": 40.5, "longitude": 49.25},
    }
    assert "geo" not in data["deathPlace"]
    assert data["gender"] == "https://schema.org/Female"
    assert data["jobTitle"] == "weaver"


@pytest.mark.parametrize(
    ("prefix", "description"),
    [
        (
            "",
            "Born c. 1931 in Velmora, Uplands. Died 14 May 1942 in Ostrel, Lowlands. "
            "Age at death: about 11. Occupation: weaver.",
        ),
        (
            "/ru",
            "Рождение: ок. 1931, Velmora, Uplands. Смерть: 14 мая 1942, Ostrel, Lowlands. "
            "Возраст на момент смерти: около 11. Род занятий: weaver.",
        ),
    ],
)
def test_the_person_description_is_in_the_language_of_the_page(client, entry, prefix, description):
    html = client.get(f"{prefix}{entry.url}").content.decode()
    data = json.loads(unescape(SCRIPT.search(html).group(1)))
    assert data["description"] == description


def test_a_name_cannot_break_out_of_the_script(client, memorial_index):
    page = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="</script><script>alert(1)</script>",
        family_name="A&B <!--",
    )
    data, html = jsonld(client, page)
    assert data["givenName"] == "</script><script>alert(1)</script>"
    assert data["familyName"] == "A&B <!--"
    assert "<script>alert(1)" not in html
    tag = script_tag({"name": "</script>&"})
    assert (
        tag
        == '<script type="application/ld+json">{"name": "\\u003C/script\\u003E\\u0026"}</script>'
    )


def test_a_testimony_page_links_the_public_people_it_mentions(client, entry, testimony_index):
    hidden = MemorialEntryPageFactory(
        parent=entry.get_parent(), given_name="Staffxq", access_level="staff"
    )
    testimony = TestimonyPageFactory(
        parent=testimony_index,
        interview_date=datetime.date(1998, 6, 2),
        duration=datetime.timedelta(minutes=65),
    )
    TestimonyLanguageFactory(page=testimony, language="de")
    TestimonyMentionFactory(page=testimony, entry=entry)
    TestimonyMentionFactory(page=testimony, entry=hidden)
    data, _ = jsonld(client, testimony)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == testimony.title
    assert data["dateCreated"] == "1998-06-02"
    assert data["inLanguage"] == ["de"]
    assert data["duration"] == "PT1H5M0S"
    assert data["creator"] == {"@type": "Person", "name": "Maren Oskeli"}
    assert data["abstract"] == "The narrator remembers a fictional town."
    assert [person["@id"] for person in data["mentions"]] == ["http://testserver/e/pub-7/"]
    assert "Staffxq" not in json.dumps(data)


@pytest.mark.parametrize(
    "restriction", [{"access_level": "researchers"}, {"embargo_until": "2999-01-01"}]
)
def test_a_restricted_testimony_shows_catalogue_details_only(
    client, entry, testimony_index, restriction
):
    testimony = TestimonyPageFactory(
        parent=testimony_index, summary="<p>Secretxq summary</p>", **restriction
    )
    TestimonyMentionFactory(page=testimony, entry=entry)
    data, _ = jsonld(client, testimony)
    assert data["name"] == testimony.title
    assert "abstract" not in data and "mentions" not in data
    assert "Secretxq" not in json.dumps(data)
    assert data["conditionsOfAccess"].startswith("Closed to the public")


def test_a_closed_testimony_listed_with_details_gives_them_but_not_its_subjects(
    client, testimony_index
):
    testimony = TestimonyPageFactory(
        parent=testimony_index,
        access_level="researchers",
        restricted_listing="details",
        narrator="Maren Oskeli",
        interview_date=datetime.date(2001, 5, 4),
        duration=datetime.timedelta(minutes=47),
    )
    testimony.keywords.add(KeywordFactory(name="Subjectxq"))
    testimony.save_revision().publish()
    TestimonyLanguageFactory(page=testimony, language="az")
    data, html = jsonld(client, testimony)
    assert data["creator"] == {"@type": "Person", "name": "Maren Oskeli"}
    assert data["dateCreated"] == "2001-05-04"
    assert data["inLanguage"] == ["az"]
    assert data["duration"] == "PT0H47M0S"
    assert "keywords" not in data
    assert "Subjectxq" not in html


def test_an_open_testimony_lists_its_subjects(client, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index)
    testimony.keywords.add(KeywordFactory(name="Subjectxq"))
    testimony.save_revision().publish()
    data, _ = jsonld(client, testimony)
    assert data["keywords"] == ["Subjectxq"]


def test_a_summary_behind_a_content_warning_stays_out_of_the_head(client, testimony_index):
    testimony = TestimonyPageFactory(
        parent=testimony_index, content_warning="Descriptions of loss", summary="<p>Gatedxq</p>"
    )
    data, html = jsonld(client, testimony)
    assert "abstract" not in data
    assert html.index("Descriptions of loss") < html.index("Gatedxq")


def test_an_anonymous_narrator_has_no_creator(client, testimony_index):
    testimony = TestimonyPageFactory(
        parent=testimony_index, narrator="", narrator_is_anonymous=True
    )
    data, _ = jsonld(client, testimony)
    assert "creator" not in data


def test_the_entry_page_offers_citations_with_a_permanent_link(client, entry):
    html = client.get(entry.url).content.decode()
    today = timezone.localdate()
    assert 'href="http://testserver/e/pub-7/"' in html
    assert f'<time datetime="{today.isoformat()}">' in html
    for style in ("chicago", "apa", "bibtex"):
        assert f'data-cite-style="{style}"' in html
    assert "Accessed " in html and "Retrieved " in html and "@misc{pub-7," in html


def test_the_access_date_in_russian_has_the_month_as_it_reads_after_a_day(client, entry):
    html = client.get(f"/ru{entry.url}").content.decode()
    accessed = re.search(r"<dt>Дата обращения</dt><dd><time[^>]*>([^<]*)</time>", html).group(1)
    today = timezone.localdate()
    assert accessed == f"{today.day} {RU_MONTHS_AFTER_A_DAY[today.month - 1]} {today.year}"


def test_citation_styles(entry, settings):
    settings.WAGTAIL_SITE_NAME = "Memorial & Testimony Archive"
    request = RequestFactory().get("/")
    entry.last_published_at = datetime.datetime(2025, 2, 3, tzinfo=datetime.UTC)
    entry.title = "Orlena Quessaro & 100% {kin}"
    cited = citations(entry, request, datetime.date(2026, 3, 4))
    url = "http://testserver/e/pub-7/"
    assert cited["permanent_url"] == url
    assert cited["chicago"] == (
        "“Orlena Quessaro & 100% {kin} (c. 1931 – 14 May 1942).” Memorial & Testimony Archive, "
        f"record pub-7. Accessed March 4, 2026. {url}."
    )
    assert cited["apa"] == (
        "Memorial & Testimony Archive. (2025). Orlena Quessaro & 100% {kin} "
        "(c. 1931 – 14 May 1942) [Memorial record pub-7]. "
        f"Retrieved March 4, 2026, from {url}"
    )
    assert cited["bibtex"] == (
        "@misc{pub-7,\n"
        "  title = {{Orlena Quessaro \\& 100\\% kin}},\n"
        "  author = {{Memorial \\& Testimony Archive}},\n"
        "  howpublished = {Memorial \\& Testimony Archive, record pub-7},\n"
        "  year = {2025},\n"
        "  note = {Life dates: c. 1931 – 14 May 1942},\n"
        f"  url = {{{url}}},\n"
        "  urldate = {2026-03-04}\n"
        "}"
    )


def test_the_year_cited_is_the_year_in_the_archive_s_time_zone(entry, settings):
    """Published at 01:30 on 1 January in the archive's zone (UTC+4) is 2026 there, though
    it is still 31 December 2025 in UTC."""
    settings.TIME_ZONE = "Asia/Baku"
    entry.last_published_at = datetime.datetime(2025, 12, 31, 21, 30, tzinfo=datetime.UTC)
    cited = citations(entry, RequestFactory().get("/"), datetime.date(2026, 3, 4))
    assert cited["apa"].startswith("Memorial & Testimony Archive. (2026). ")
    assert "year = {2026}" in cited["bibtex"]


@pytest.mark.parametrize("language", ["az", "ru"])
def test_citations_are_english_on_a_page_in_another_language(client, entry, language):
    html = client.get(f"/{language}{entry.url}").content.decode()
    shown = r'data-cite-style="(\w+)">(?:<code>)?(.*?)(?:</code>)?</(?:p|pre)>'
    found = re.findall(shown, html, re.S)
    cited = {style: re.sub(r"<[^>]+>", "", text) for style, text in found}
    today = timezone.localdate()
    accessed = f"{ENGLISH_MONTHS[today.month - 1]} {today.day}, {today.year}"
    assert "(c. 1931 – 14 May 1942).” Memorial" in unescape(cited["chicago"])
    assert f"Accessed {accessed}." in cited["chicago"]
    assert f"Retrieved {accessed}, from" in cited["apa"]
    assert "note = {Life dates: c. 1931 – 14 May 1942}" in unescape(cited["bibtex"])


def test_an_entry_without_dates_or_publication_is_cited_plainly(memorial_index):
    page = MemorialEntryPageFactory(
        parent=memorial_index,
        identifier="plain-1",
        birth_date=None,
        birth_date_precision="unknown",
        death_date=None,
        death_date_precision="unknown",
    )
    cited = citations(page, RequestFactory().get("/"), datetime.date(2026, 3, 4))
    assert "(n.d.)" in cited["apa"] and "?" not in cited["apa"]
    assert "year =" not in cited["bibtex"] and "note =" not in cited["bibtex"]


def test_a_right_to_left_name_keeps_the_dates_after_it_in_order(client, memorial_index):
    """The name is isolated (<bdi>): otherwise a Hebrew or Arabic name draws the "(1931 –" after
    it into its own direction and the dates read "(14 – 1931 May 1942)"."""
    page = MemorialEntryPageFactory(
        parent=memorial_index, given_name="אליעזר", family_name="בדיונסקי", identifier="rtl-1"
    )
    html = client.get(page.url).content.decode()
    cited = dict(re.findall(r'<p class="cite__text" data-cite-style="(\w+)">(.*?)</p>', html))
    for style in ("chicago", "apa"):
        assert "<bdi>אליעזר בדיונסקי</bdi> (c. 1931 – 14 May 1942)" in cited[style], style
