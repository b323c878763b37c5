"""OAI-PMH 2.0 at /oai/: every verb, every error, schema-valid, public records only."""

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from wagtail.models import PageViewRestriction

from home.models import ArchiveSettings
from memorial.core.lifecycle import lift_expired_embargoes
from memorial.entries.models import MemorialEntryPage, MemorialIndexPage, Place
from memorial.records.models import HarvestedRecord, OpenedSection
from memorial.records.oai import repository
from memorial.testimonies.models import TestimonyPage

from ..factories import (
    GalleryPageFactory,
    KeywordFactory,
    MemorialEntryPageFactory,
    MemorialIndexPageFactory,
    NameVariantFactory,
    PlaceFactory,
    SourceFactory,
    TestimonyLanguageFactory,
    TestimonyMentionFactory,
    TestimonyPageFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "OAI-PMH.xsd")))
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
HIDDEN_MARKERS = ("Draftqz", "Privateqz", "Staffqz", "Researchqz", "Embargoqz", "Vaultqz")
T0 = datetime.datetime(2024, 3, 1, 12, 0, 0, tzinfo=datetime.UTC)


def oai(client, method="get", **params):
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    doc = etree.fromstring(response.content)
    SCHEMA.assertValid(doc)
    return doc


def error_codes(doc):
    return sorted(doc.xpath("oai:error/@code", namespaces=NS))


def identifiers(doc):
    return doc.xpath("//oai:header/oai:identifier/text()", namespaces=NS)


def text_of(doc):
    return etree.tostring(doc, encoding="unicode")


@pytest.fixture
def archive(home, memorial_index, testimony_index, gallery_index):
    ArchiveSettings.objects.update_or_create(defaults={"contact_email": "records@example.org"})
    place = PlaceFactory(name="Velmora", region="Fictional Uplands")
    entry = MemorialEntryPageFactory(
        parent=memorial_index,
        given_name="Orlena",
        family_name="Quessaro",
        identifier="pub-1",
        birth_place=place,
        occupation="weaver",
        last_published_at=T0,
    )
    NameVariantFactory(page=entry, name="Орлена Кессаро", script="Cyrl", language="ru")
    SourceFactory(page=entry, citation="Fictional parish register, vol. 3, p. 7")
    hidden = {
        "draft": MemorialEntryPageFactory(parent=memorial_index, given_name="Draftqz", live=False),
        "private": MemorialEntryPageFactory(parent=memorial_index, given_name="Privateqz"),
        "staff": MemorialEntryPageFactory(
            parent=memorial_index, given_name="Staffqz", access_level="staff"
        ),
        "researchers": MemorialEntryPageFactory(
            parent=memorial_index, given_name="Researchqz", access_level="researchers"
        ),
        "embargoed": MemorialEntryPageFactory(
            parent=memorial_index, given_name="Embargoqz", embargo_until="2999-01-01"
        ),
    }
    PageViewRestriction.objects.create(page=hidden["private"], restriction_type="login")
    vault = MemorialIndexPageFactory(parent=home, title="Vault", slug="vault")
    PageViewRestriction.objects.create(page=vault, restriction_type="password", password="x")
    MemorialEntryPageFactory(parent=vault, given_name="Vaultqz", identifier="vault-1")

    testimony = TestimonyPageFactory(
        parent=testimony_index, title="Market day account", interview_date="1998-06-02"
    )
    TestimonyLanguageFactory(page=testimony, language="de")
    TestimonyMentionFactory(page=testimony, entry=entry)
    TestimonyMentionFactory(page=testimony, entry=hidden["staff"])
    anonymous = TestimonyPageFactory(
        parent=testimony_index,
        title="Unnamed voice",
        narrator="",
        narrator_is_anonymous=True,
        content_warning="Descriptions of loss",
    )
    hidden_testimonies = [
        TestimonyPageFactory(parent=testimony_index, title="Staffqz talk", access_level="staff"),
        TestimonyPageFactory(
            parent=testimony_index, title="Researchqz talk", access_level="researchers"
        ),
        TestimonyPageFactory(
            parent=testimony_index,
            title="Embargoqz talk",
            embargo_until="2999-01-01",
            summary="<p>Embargoqz summary</p>",
        ),
        TestimonyPageFactory(parent=testimony_index, title="Draftqz talk", live=False),
    ]
    gallery = GalleryPageFactory(parent=gallery_index, title="Harvest album")
    private_gallery = GalleryPageFactory(parent=gallery_index, title="Privateqz album")
    PageViewRestriction.objects.create(page=private_gallery, restriction_type="login")
    return {
        "entry": entry,
        "hidden": hidden,
        "testimony": testimony,
        "anonymous": anonymous,
        "hidden_testimonies": hidden_testimonies,
        "gallery": gallery,
    }


GOOD_ID = "oai:testserver:entry/pub-1"
LIST = {"metadataPrefix": "oai_dc"}


P = "metadataPrefix=oai_dc"
ID = f"identifier={GOOD_ID}"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("verb=Identify", []),
        ("verb=ListMetadataFormats", []),
        (f"verb=ListMetadataFormats&{ID}", []),
        ("verb=ListSets", []),
        (f"verb=ListIdentifiers&{P}", []),
        (f"verb=ListRecords&{P}", []),
        (f"verb=ListRecords&set=testimonies&{P}", []),
        (f"verb=GetRecord&{ID}&{P}", []),
        ("", ["badVerb"]),
        ("verb=Harvest", ["badVerb"]),
        ("verb=Identify&verb=Identify", ["badVerb"]),
        ("verb=Identify&extra=1", ["badArgument"]),
        ("verb=ListRecords", ["badArgument"]),
        (f"verb=ListIdentifiers&{P}&{P}", ["badArgument"]),
        (f"verb=GetRecord&{ID}", ["badArgument"]),
        (f"verb=ListRecords&from=2024-13-01&{P}", ["badArgument"]),
        (f"verb=ListRecords&from=yesterday&{P}", ["badArgument"]),
        (f"verb=ListRecords&from=2024-01-01&until=2024-02-01T00:00:00Z&{P}", ["badArgument"]),
        (f"verb=ListRecords&from=2024-02-01&until=2024-01-01&{P}", ["badArgument"]),
        (f"verb=ListRecords&resumptionToken=x&{P}", ["badArgument"]),
        (f"verb=ListRecords&set=%00&{P}", ["badArgument"]),
        ("verb=ListRecords&metadataPrefix=marc21", ["cannotDisseminateFormat"]),
        ("verb=ListIdentifiers&metadataPrefix=no+such", ["cannotDisseminateFormat"]),
        (f"verb=GetRecord&{ID}&metadataPrefix=mods", ["cannotDisseminateFormat"]),
        (f"verb=GetRecord&identifier=oai:testserver:entry/nope&{P}", ["idDoesNotExist"]),
        (
            "verb=GetRecord&identifier=x&metadataPrefix=x",
            ["cannotDisseminateFormat", "idDoesNotExist"],
        ),
        ("verb=ListMetadataFormats&identifier=oai:other.host:entry/pub-1", ["idDoesNotExist"]),
        # Not an xs:anyURI, as request/@identifier must be: answered, but not echoed.
        (f"verb=GetRecord&identifier=%25zz&{P}", ["idDoesNotExist"]),
        ("verb=ListMetadataFormats&identifier=http://[", ["idDoesNotExist"]),
        (f"verb=ListRecords&set=no-such-set&{P}", ["noRecordsMatch"]),
        (f"verb=ListRecords&from=2999-01-01&{P}", ["noRecordsMatch"]),
        ("verb=ListRecords&resumptionToken=not-a-token", ["badResumptionToken"]),
        ("verb=ListSets&resumptionToken=anything", ["badResumptionToken"]),
    ],
)
def test_every_verb_and_error_answers_with_a_valid_document(client, archive, query, codes):
    response = client.get(f"/oai/?{query}")
    doc = etree.fromstring(response.content)
    SCHEMA.assertValid(doc)
    assert error_codes(doc) == codes
    request = doc.find("oai:request", NS)
    assert request.text == "http://testserver/oai/"
    if {"badVerb", "badArgument"} & set(codes):
        assert request.attrib == {}  # the protocol asks for the base URL only
    else:
        assert request.get("verb") == query.split("&")[0].removeprefix("verb=")


def test_post_is_answered_like_get(client, archive):
    for params in (
        {"verb": "Identify"},
        {"verb": "ListRecords", **LIST},
        {"verb": "GetRecord", "identifier": GOOD_ID, **LIST},
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
    ):
        got, posted = oai(client, "get", **params), oai(client, "post", **params)
        for doc in (got, posted):
            doc.remove(doc.find("oai:responseDate", NS))
        assert text_of(got) == text_of(posted)
    assert client.put("/oai/?verb=Identify").status_code == 405


def test_identify_describes_the_repository(client, archive):
    identify = oai(client, verb="Identify").find("oai:Identify", NS)
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "records@example.org"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "transient"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == "1970-01-01T00:00:00Z"


def test_identify_names_a_schema_valid_address_when_none_is_configured(client, home, settings):
    settings.OAI_ADMIN_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "archive@localhost"  # the default: no dot, as on a laptop
    identify = oai(client, verb="Identify").find("oai:Identify", NS)  # oai() validates it
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "archive@testserver.invalid"


OTHER_DIGITS = {
    "superscript": str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"),
    "arabic-indic": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    "full-width": str.maketrans("0123456789", "０１２３４５６７８９"),
}


@pytest.mark.parametrize("digits", OTHER_DIGITS)
def test_a_record_id_in_digits_of_another_script_names_no_record(client, archive, digits):
    local_id = str(archive["testimony"].pk).translate(OTHER_DIGITS[digits])
    identifier = f"oai:testserver:testimony/{local_id}"
    for verb, extra in (("GetRecord", LIST), ("ListMetadataFormats", {})):
        doc = oai(client, verb=verb, identifier=identifier, **extra)
        assert error_codes(doc) == ["idDoesNotExist"]


def test_a_record_id_with_a_leading_zero_names_no_record(client, archive):
    # One record, one identifier: testimony/012 is not testimony/12.
    identifier = f"oai:testserver:testimony/0{archive['testimony'].pk}"
    for verb, extra in (("GetRecord", LIST), ("ListMetadataFormats", {})):
        doc = oai(client, verb=verb, identifier=identifier, **extra)
        assert error_codes(doc) == ["idDoesNotExist"]


def test_only_public_records_sets_and_identifiers_are_published(client, archive):
    responses = [
        oai(client, verb="ListRecords", **LIST),
        oai(client, verb="ListIdentifiers", **LIST),
        oai(client, verb="ListSets"),
        oai(client, verb="ListRecords", set="entries:names", **LIST),
    ]
    listed = identifiers(responses[0])
    assert GOOD_ID in listed
    assert f"oai:testserver:testimony/{archive['anonymous'].pk}" in listed
    assert f"oai:testserver:gallery/{archive['gallery'].pk}" in listed
    assert len(listed) == 4  # the entry, two testimonies, the gallery: nothing else
    assert sorted(listed) == sorted(identifiers(responses[1]))
    for doc in responses:
        text = text_of(doc)
        for marker in HIDDEN_MARKERS:
            assert marker not in text
    assert "entries:vault" not in text_of(responses[2])
    hidden_ids = [f"oai:testserver:entry/{page.identifier}" for page in archive["hidden"].values()]
    hidden_ids += [f"oai:testserver:testimony/{t.pk}" for t in archive["hidden_testimonies"]]
    hidden_ids += ["oai:testserver:entry/vault-1"]
    for identifier in hidden_ids:
        doc = oai(client, verb="GetRecord", identifier=identifier, **LIST)
        assert error_codes(doc) == ["idDoesNotExist"]
        doc = oai(client, verb="ListMetadataFormats", identifier=identifier)
        assert error_codes(doc) == ["idDoesNotExist"]
    assert error_codes(oai(client, verb="ListRecords", set="entries:vault", **LIST)) == [
        "noRecordsMatch"
    ]


def dc_values(record, element):
    return record.xpath(f".//dc:{element}/text()", namespaces=NS)


def test_an_entry_in_dublin_core(client, archive):
    doc = oai(client, verb="GetRecord", identifier=GOOD_ID, **LIST)
    record = doc.find("oai:GetRecord/oai:record", NS)
    assert record.findtext("oai:header/oai:datestamp", namespaces=NS) == "2024-03-01T12:00:00Z"
    assert record.xpath("oai:header/oai:setSpec/text()", namespaces=NS) == [
        "entries",
        "entries:names",
    ]
    assert dc_values(record, "title") == ["Orlena Quessaro", "Орлена Кессаро"]
    variant = record.xpath(".//dc:title[2]", namespaces=NS)[0]
    assert variant.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert dc_values(record, "type") == ["Text", "Person record"]
    assert dc_values(record, "date") == ["1931", "1942-05-14"]
    assert dc_values(record, "coverage") == ["Velmora, Fictional Uplands"]
    description = dc_values(record, "description")[0]
    assert "Born c. 1931 in Velmora" in description
    assert "Occupation: weaver." in description
    assert dc_values(record, "identifier") == ["http://testserver/e/pub-1/"]
    assert dc_values(record, "source") == ["Fictional parish register, vol. 3, p. 7"]
    assert dc_values(record, "relation") == [archive["entry"].get_parent().full_url]


def test_testimonies_in_dublin_core_never_name_an_anonymous_narrator(client, archive):
    testimony, anonymous = archive["testimony"], archive["anonymous"]
    doc = oai(client, verb="ListRecords", set="testimonies", **LIST)
    records = {
        record.findtext("oai:header/oai:identifier", namespaces=NS): record
        for record in doc.iterfind(".//oai:record", NS)
    }
    named = records[f"oai:testserver:testimony/{testimony.pk}"]
    assert dc_values(named, "creator") == ["Maren Oskeli"]
    assert dc_values(named, "date") == ["1998-06-02"]
    assert dc_values(named, "language") == ["de"]
    assert dc_values(named, "description") == ["The narrator remembers a fictional town."]
    assert dc_values(named, "relation") == ["http://testserver/e/pub-1/"]  # not the staff entry
    assert dc_values(records[f"oai:testserver:testimony/{anonymous.pk}"], "description") == [
        "Content warning: Descriptions of loss",
        "The narrator remembers a fictional town.",
    ]
    unnamed = records[f"oai:testserver:testimony/{anonymous.pk}"]
    assert dc_values(unnamed, "creator") == []
    assert "Anonymous" not in text_of(unnamed)


def harvest(client, verb, page_size, monkeypatch, **params):
    """Follow resumption tokens to the end; return identifiers and the token elements."""
    monkeypatch.setattr(repository, "PAGE_SIZE", page_size)
    doc = oai(client, verb=verb, **params)
    seen, tokens = identifiers(doc), []
    while (token := doc.find(f"oai:{verb}/oai:resumptionToken", NS)) is not None:
        tokens.append(token)
        if not token.text:
            break
        doc = oai(client, verb=verb, resumptionToken=token.text)
        seen += identifiers(doc)
    return seen, tokens


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_resumption_tokens_walk_the_whole_list_once(client, archive, monkeypatch, verb):
    same_moment = T0 + datetime.timedelta(days=1)
    for n in range(6):  # ties on the datestamp are broken by page id
        MemorialEntryPageFactory(
            parent=archive["entry"].get_parent(),
            identifier=f"tie-{n}",
            last_published_at=same_moment,
        )
    seen, tokens = harvest(client, verb, 3, monkeypatch, **LIST)
    assert len(seen) == len(set(seen)) == 10
    assert {f"oai:testserver:entry/tie-{n}" for n in range(6)} <= set(seen)
    assert [token.get("cursor") for token in tokens] == ["0", "3", "6", "9"]
    assert {token.get("completeListSize") for token in tokens} == {"10"}
    assert tokens[-1].text is None and all(token.text for token in tokens[:-1])


def test_a_list_that_fits_one_page_has_no_token(client, archive):
    doc = oai(client, verb="ListIdentifiers", **LIST)
    assert doc.find("oai:ListIdentifiers/oai:resumptionToken", NS) is None


def test_a_resumed_harvest_keeps_its_set_and_dates(client, archive, monkeypatch):
    for n in range(4):
        MemorialEntryPageFactory(
            parent=archive["entry"].get_parent(),
            identifier=f"late-{n}",
            last_published_at=T0 + datetime.timedelta(days=10, minutes=n),
        )
    seen, _ = harvest(
        client, "ListIdentifiers", 1, monkeypatch, set="entries:names", until="2024-03-20", **LIST
    )
    assert seen == [GOOD_ID] + [f"oai:testserver:entry/late-{n}" for n in range(4)]


@pytest.mark.parametrize(
    "token_of",
    [
        lambda token: token + "x",
        lambda token: token[:-3] + "abc",
        lambda token: "",
        lambda token: "eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ",
    ],
)
def test_tampered_or_foreign_tokens_are_refused(client, archive, monkeypatch, token_of):
    monkeypatch.setattr(repository, "PAGE_SIZE", 1)
    doc = oai(client, verb="ListIdentifiers", **LIST)
    token = doc.find("oai:ListIdentifiers/oai:resumptionToken", NS).text
    assert error_codes(oai(client, verb="ListIdentifiers", resumptionToken=token_of(token))) == [
        "badResumptionToken"
    ]
    # A ListIdentifiers token does not continue a ListRecords harvest.
    assert error_codes(oai(client, verb="ListRecords", resumptionToken=token)) == [
        "badResumptionToken"
    ]


def test_from_and_until_select_by_datestamp(client, archive):
    index = archive["entry"].get_parent()
    for day in (10, 11, 12):
        MemorialEntryPageFactory(
            parent=index,
            identifier=f"day-{day}",
            last_published_at=datetime.datetime(2024, 5, day, 23, 59, 59, 500000, datetime.UTC),
        )

    def entries(**params):
        doc = oai(client, verb="ListIdentifiers", set="entries", **LIST, **params)
        return [i.rsplit("/", 1)[1] for i in identifiers(doc)]

    assert entries(**{"from": "2024-05-11"}) == ["day-11", "day-12"]
    assert entries(until="2024-05-11") == ["pub-1", "day-10", "day-11"]
    assert entries(**{"from": "2024-05-11", "until": "2024-05-11"}) == ["day-11"]
    assert entries(**{"from": "2024-05-11T23:59:59Z", "until": "2024-05-11T23:59:59Z"}) == [
        "day-11"
    ]
    assert entries(**{"from": "2024-05-12T00:00:00Z"}) == ["day-12"]
    assert entries(until="2024-05-11T23:59:58Z") == ["pub-1", "day-10"]


def test_an_ended_embargo_dates_the_record_from_its_opening(client, archive):
    MemorialEntryPageFactory(
        parent=archive["entry"].get_parent(),
        identifier="opened-1",
        embargo_until="2024-06-01",
        last_published_at=T0,
    )
    doc = oai(client, verb="GetRecord", identifier="oai:testserver:entry/opened-1", **LIST)
    assert doc.findtext(".//oai:datestamp", namespaces=NS) == "2024-06-01T00:00:00Z"
    doc = oai(client, verb="ListIdentifiers", **LIST, **{"from": "2024-05-31"})
    assert identifiers(doc) == ["oai:testserver:entry/opened-1"]


@pytest.mark.parametrize(
    ("zone", "opened"),
    [("America/Bogota", "2024-06-01T05:00:00Z"), ("Asia/Baku", "2024-05-31T20:00:00Z")],
)
def test_an_ended_embargo_opens_at_midnight_in_the_archives_time_zone(
    client, archive, settings, zone, opened
):
    # Embargo dates are days in TIME_ZONE: the record is closed until its midnight there.
    settings.TIME_ZONE = zone
    MemorialEntryPageFactory(
        parent=archive["entry"].get_parent(),
        identifier="opened-1",
        embargo_until="2024-06-01",
        last_published_at=T0,
    )
    doc = oai(client, verb="GetRecord", identifier="oai:testserver:entry/opened-1", **LIST)
    assert doc.findtext(".//oai:datestamp", namespaces=NS) == opened


def test_identifiers_use_the_host_name_without_port(client, archive):
    response = client.get(
        "/oai/",
        {"verb": "ListIdentifiers", "set": "entries", **LIST},
        HTTP_HOST="archive.example:8000",
    )
    assert "oai:archive.example:entry/pub-1" in identifiers(etree.fromstring(response.content))


def test_the_queries_per_page_do_not_grow_with_the_records(client, archive, monkeypatch):
    index = archive["entry"].get_parent()

    def queries_for_a_page(size):
        monkeypatch.setattr(repository, "PAGE_SIZE", size)
        with CaptureQueriesContext(connection) as queries:
            doc = oai(client, verb="ListRecords", **LIST)
        assert len(identifiers(doc)) == size
        return len(queries)

    for n in range(30):
        entry = MemorialEntryPageFactory(parent=index, identifier=f"bulk-{n}")
        SourceFactory(page=entry)
        NameVariantFactory(page=entry)
    queries_for_a_page(1)  # fills the cache of site root paths, as any earlier request would
    assert queries_for_a_page(25) == queries_for_a_page(5) < 40


# Withdrawn records ---------------------------------------------------------------------------
def deleted_headers(doc):
    return {
        header.findtext("oai:identifier", namespaces=NS): header
        for header in doc.xpath("//oai:header[@status='deleted']", namespaces=NS)
    }


def test_a_withdrawn_record_is_reported_deleted_to_harvesters(client, archive, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    entry_id = "oai:archive.example.org:entry/pub-1"
    before = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert entry_id in identifiers(before) and not deleted_headers(before)

    entry = archive["entry"]
    entry.access_level = "staff"  # consent withdrawn, say
    entry.save_revision().publish()
    listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    header = deleted_headers(listed)[entry_id]
    assert header.xpath("oai:setSpec/text()", namespaces=NS) == ["entries", "entries:names"]
    records = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="entries")
    assert entry_id in deleted_headers(records)
    assert "Quessaro" not in text_of(records)
    got = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=entry_id)
    assert entry_id in deleted_headers(got) and "Quessaro" not in text_of(got)

    entry.access_level = "public"
    entry.save_revision().publish()
    again = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert entry_id in identifiers(again) and not deleted_headers(again)


def test_a_withdrawn_record_is_known_to_every_verb_that_takes_its_identifier(client, archive):
    oai(client, verb="ListIdentifiers", **LIST)
    archive["entry"].unpublish()
    formats = oai(client, verb="ListMetadataFormats", identifier=GOOD_ID)
    assert error_codes(formats) == []  # not idDoesNotExist: GetRecord answers for it
    assert formats.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc"]
    got = oai(client, verb="GetRecord", identifier=GOOD_ID, **LIST)
    assert GOOD_ID in deleted_headers(got)


def test_a_record_that_never_was_public_is_never_named(client, archive, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    hidden = archive["hidden"]["staff"]
    hidden.delete()
    archive["hidden"]["draft"].delete()
    archive["testimony"].unpublish()
    listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert set(deleted_headers(listed)) == {
        f"oai:archive.example.org:testimony/{archive['testimony'].pk}"
    }
    assert not any(marker in text_of(listed) for marker in HIDDEN_MARKERS)


def test_withdrawals_are_harvested_by_date(client, archive, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    archive["gallery"].unpublish()
    today = datetime.date.today().isoformat()
    since = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": today})
    assert list(deleted_headers(since)) == [
        f"oai:archive.example.org:gallery/{archive['gallery'].pk}"
    ]
    before = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2000-01-01")
    assert identifiers(before) and not deleted_headers(before)


def test_a_collection_set_without_a_slug_names_no_record(client, archive):
    oai(client, verb="ListIdentifiers", **LIST)
    archive["entry"].unpublish()  # withdrawn from entries:names
    assert deleted_headers(oai(client, verb="ListIdentifiers", set="entries:names", **LIST))
    for verb in ("ListIdentifiers", "ListRecords"):
        doc = oai(client, verb=verb, set="entries:", **LIST)
        assert error_codes(doc) == ["noRecordsMatch"]


def test_an_empty_set_is_a_bad_argument_not_the_whole_archive(client, archive):
    for verb in ("ListIdentifiers", "ListRecords"):
        assert error_codes(oai(client, verb=verb, set="", **LIST)) == ["badArgument"]


def test_a_harvest_in_pages_walks_public_and_withdrawn_records_once(client, archive, monkeypatch):
    index = archive["entry"].get_parent()
    people = [MemorialEntryPageFactory(parent=index, identifier=f"w-{n}") for n in range(5)]
    oai(client, verb="ListIdentifiers", **LIST)  # the harvester sees them public
    for person in people[:3]:
        person.unpublish()
    seen, tokens = harvest(client, "ListIdentifiers", 2, monkeypatch, **LIST)
    assert len(seen) == len(set(seen)) == 9  # 4 public before, 2 people still public, 3 gone
    assert {token.get("completeListSize") for token in tokens} == {"9"}


def test_one_process_at_a_time_compares_the_ledger(client, archive, settings):
    from django.core.cache import cache

    from memorial.records.oai import withdrawals

    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    archive["gallery"].unpublish()
    cache.set(withdrawals.LOCK_KEY, "another process", 60)
    busy = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert not deleted_headers(busy)  # answered at once, from the ledger as it stands
    cache.delete(withdrawals.LOCK_KEY)
    done = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert list(deleted_headers(done)) == [
        f"oai:archive.example.org:gallery/{archive['gallery'].pk}"
    ]


# Records opened without a new publication ----------------------------------------------------
def datestamps(doc):
    return {
        header.findtext("oai:identifier", namespaces=NS): header.findtext(
            "oai:datestamp", namespaces=NS
        )
        for header in doc.xpath("//oai:header", namespaces=NS)
    }


def harvested_since(client, moment):
    since = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return datestamps(oai(client, verb="ListIdentifiers", **LIST, **{"from": since}))


def test_a_lifted_view_restriction_dates_its_records_from_then(client, archive):
    vault = MemorialIndexPage.objects.get(slug="vault")
    MemorialEntryPage.objects.filter(identifier="vault-1").update(last_published_at=T0)
    MemorialEntryPageFactory(parent=vault, given_name="Staffqz", access_level="staff")
    lifted_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    assert harvested_since(client, lifted_at) == {}

    PageViewRestriction.objects.filter(page=vault).delete()
    found = harvested_since(client, lifted_at)
    assert list(found) == ["oai:testserver:entry/vault-1"]  # the staff-only entry stays unnamed
    assert found["oai:testserver:entry/vault-1"] >= lifted_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    got = oai(client, verb="GetRecord", identifier="oai:testserver:entry/vault-1", **LIST)
    assert datestamps(got) == found
    assert not OpenedSection.objects.exists()  # dated once, then forgotten


def test_a_lifted_embargo_keeps_the_record_dated_after_its_opening(client, archive):
    # The embargo ended today; lift_embargoes (cron, after midnight) clears the date. A
    # harvester that last came before the opening must be given the record after the lift.
    today = timezone.localdate()
    MemorialEntryPageFactory(
        parent=archive["entry"].get_parent(),
        identifier="opened-2",
        embargo_until=today,
        last_published_at=T0,
    )
    midnight = datetime.datetime.combine(today, datetime.time(), timezone.get_current_timezone())
    last_harvest = midnight - datetime.timedelta(hours=1)
    assert list(harvested_since(client, last_harvest)) == ["oai:testserver:entry/opened-2"]

    lift_expired_embargoes()
    assert list(harvested_since(client, last_harvest)) == ["oai:testserver:entry/opened-2"]


def test_records_moved_out_of_a_restricted_section_are_harvested_again(client, archive):
    vault = MemorialIndexPage.objects.get(slug="vault")
    moved = MemorialEntryPageFactory(parent=vault, identifier="moved-1", last_published_at=T0)
    reordered = MemorialEntryPageFactory(
        parent=archive["entry"].get_parent(), identifier="stays-1", last_published_at=T0
    )
    moved_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    moved.move(archive["entry"].get_parent(), pos="last-child")
    reordered.move(archive["entry"], pos="left")  # a new place among the same siblings
    found = harvested_since(client, moved_at)
    assert list(found) == ["oai:testserver:entry/moved-1"]
    records = oai(client, verb="ListRecords", **LIST, set="entries:names")
    assert "oai:testserver:entry/moved-1" in identifiers(records)


def test_a_withdrawn_record_opened_again_is_harvested_again(client, archive):
    entry = archive["entry"]
    oai(client, verb="ListIdentifiers", **LIST)  # a harvester gets it
    restriction = PageViewRestriction.objects.create(page=entry, restriction_type="login")
    gone = oai(client, verb="ListIdentifiers", **LIST)
    assert "oai:testserver:entry/pub-1" in deleted_headers(gone)

    opened_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    restriction.delete()
    found = harvested_since(client, opened_at)
    # With the testimony that mentions the person: its dc:relation names them again.
    testimony_id = f"oai:testserver:testimony/{entry.testimony_mentions.get().page_id}"
    assert set(found) == {"oai:testserver:entry/pub-1", testimony_id}
    assert not deleted_headers(oai(client, verb="ListIdentifiers", **LIST))


def test_a_backup_writes_the_ledger_of_deleted_pages_as_it_is(client, archive):
    from django.core import serializers

    oai(client, verb="ListIdentifiers", **LIST)
    gallery_id = archive["gallery"].pk
    archive["gallery"].delete()
    with CaptureQueriesContext(connection) as queries:
        dumped = serializers.serialize("python", HarvestedRecord.objects.all())
    assert len(queries) == 1  # the rows alone: never the pages they name
    assert {row["fields"]["page_id"] for row in dumped} >= {gallery_id}


# Records whose metadata changed without a new publication -----------------------------------
def test_a_place_renamed_in_the_admin_dates_the_entries_it_names_from_then(archivist, archive):
    harvester = Client()
    oai(harvester, verb="ListRecords", **LIST)  # a harvester copies every record
    place = archive["entry"].birth_place
    renamed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    assert harvested_since(harvester, renamed_at) == {}

    archivist.post(
        f"/admin/snippets/entries/place/edit/{place.pk}/",
        {"name": "Velmora Nova", "other_names": "", "region": place.region},
    )
    assert list(harvested_since(harvester, renamed_at)) == ["oai:testserver:entry/pub-1"]
    since = renamed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    records = oai(harvester, verb="ListRecords", **LIST, **{"from": since})
    coverage = records.xpath("//dc:coverage/text()", namespaces=NS)
    assert any("Velmora Nova" in value for value in coverage), coverage


def test_a_keyword_renamed_in_the_admin_dates_the_testimonies_it_names_from_then(
    archivist, archive
):
    keyword = KeywordFactory(name="Harvest songs")
    archive["testimony"].keywords.add(keyword)
    archive["testimony"].save()
    harvester = Client()
    oai(harvester, verb="ListRecords", **LIST)
    renamed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)

    archivist.post(
        f"/admin/snippets/testimonies/keyword/edit/{keyword.pk}/",
        {"name": "Songs of the harvest", "broader": "", "scope_note": ""},
    )
    found = harvested_since(harvester, renamed_at)
    assert list(found) == [f"oai:testserver:testimony/{archive['testimony'].pk}"]


def test_a_place_deleted_in_the_admin_dates_the_entries_it_named_from_then(admin_client, archive):
    harvester = Client()
    oai(harvester, verb="ListRecords", **LIST)
    place = archive["entry"].birth_place
    deleted_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    admin_client.post(f"/admin/snippets/entries/place/delete/{place.pk}/")
    assert not Place.objects.filter(pk=place.pk).exists()
    assert list(harvested_since(harvester, deleted_at)) == ["oai:testserver:entry/pub-1"]


def test_a_place_merged_in_the_admin_dates_the_entries_it_named_from_then(admin_client, archive):
    harvester = Client()
    oai(harvester, verb="ListRecords", **LIST)
    duplicate = archive["entry"].birth_place
    kept = PlaceFactory(name="Velmora Nova", region="Fictional Uplands")
    merged_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    admin_client.post(f"/admin/snippets/entries/place/merge/{duplicate.pk}/", {"into": kept.pk})
    assert not Place.objects.filter(pk=duplicate.pk).exists()
    assert list(harvested_since(harvester, merged_at)) == ["oai:testserver:entry/pub-1"]
    since = merged_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    records = oai(harvester, verb="ListRecords", **LIST, **{"from": since})
    coverage = records.xpath("//dc:coverage/text()", namespaces=NS)
    assert any("Velmora Nova" in value for value in coverage), coverage


# Testimonies whose people mentioned open or close ---------------------------------------------
def relations_since(client, moment, **params):
    since = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    records = oai(client, verb="ListRecords", **LIST, **params, **{"from": since})
    return records.xpath("//dc:relation/text()", namespaces=NS)


@pytest.mark.parametrize("close", ["unpublish", "restrict", "staff"])
def test_a_testimony_is_dated_when_a_person_it_mentions_is_closed(client, archive, close):
    testimony_id = f"oai:testserver:testimony/{archive['testimony'].pk}"
    # The harvester takes the testimonies alone: the person is named only in its dc:relation.
    first = oai(client, verb="ListRecords", **LIST, set="testimonies")
    assert any(
        value.endswith("/e/pub-1/") for value in first.xpath("//dc:relation/text()", namespaces=NS)
    )
    closed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    entry = archive["entry"]
    if close == "unpublish":
        entry.unpublish()
    elif close == "restrict":
        PageViewRestriction.objects.create(page=entry, restriction_type="login")
    else:
        entry.access_level = "staff"
        entry.save_revision().publish()
    assert testimony_id in harvested_since(client, closed_at)
    relations = relations_since(client, closed_at, set="testimonies")
    assert not any(value.endswith("/e/pub-1/") for value in relations)


def test_a_testimony_is_dated_when_a_person_it_mentions_is_opened(client, archive):
    testimony_id = f"oai:testserver:testimony/{archive['testimony'].pk}"
    oai(client, verb="ListRecords", **LIST)
    draft = archive["hidden"]["draft"]
    TestimonyMentionFactory(page=archive["testimony"], entry=draft)
    MemorialEntryPage.objects.filter(pk=draft.pk).update(identifier="late-1")
    TestimonyPage.objects.filter(pk=archive["testimony"].pk).update(last_published_at=T0)
    opened_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    assert testimony_id not in harvested_since(client, opened_at)

    MemorialEntryPage.objects.get(pk=draft.pk).save_revision().publish()  # first published
    assert testimony_id in harvested_since(client, opened_at)
    assert any(value.endswith("/e/late-1/") for value in relations_since(client, opened_at))


def test_a_testimony_is_dated_when_a_person_it_mentions_opens_again(client, archive):
    testimony_id = f"oai:testserver:testimony/{archive['testimony'].pk}"
    entry = archive["entry"]
    restriction = PageViewRestriction.objects.create(page=entry, restriction_type="login")
    oai(client, verb="ListRecords", **LIST, set="testimonies")  # without the person
    opened_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    restriction.delete()
    assert testimony_id in harvested_since(client, opened_at)
    assert any(value.endswith("/e/pub-1/") for value in relations_since(client, opened_at))


# Records that leave a collection's set ---------------------------------------------------------
def set_specs_of(doc, identifier):
    header = doc.xpath(f"//oai:header[oai:identifier='{identifier}']", namespaces=NS)[0]
    return header.xpath("oai:setSpec/text()", namespaces=NS)


def test_a_record_moved_to_another_collection_is_deleted_from_the_set_it_left(
    client, archive, monkeypatch
):
    home = archive["entry"].get_parent().get_parent()
    names = archive["entry"].get_parent()
    second = MemorialIndexPageFactory(parent=home, title="Second list", slug="second")
    first = oai(client, verb="ListIdentifiers", **LIST, set="entries:names")
    assert GOOD_ID in identifiers(first)  # a harvester of the first collection has it
    moved_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    since = {"from": moved_at.strftime("%Y-%m-%dT%H:%M:%SZ")}

    MemorialEntryPage.objects.get(pk=archive["entry"].pk).move(second, pos="last-child")
    left = oai(client, verb="ListIdentifiers", **LIST, set="entries:names", **since)
    assert set_specs_of(left, GOOD_ID) == ["entries:names"]
    assert GOOD_ID in deleted_headers(left)
    records = oai(client, verb="ListRecords", **LIST, set="entries:names", **since)
    assert GOOD_ID in deleted_headers(records) and "Quessaro" not in text_of(records)
    joined = oai(client, verb="ListRecords", **LIST, set="entries:second", **since)
    assert GOOD_ID in identifiers(joined) and not deleted_headers(joined)
    for whole in ({}, {"set": "entries"}):  # still public: deleted in no other list
        found = oai(client, verb="ListIdentifiers", **LIST, **whole, **since)
        assert not deleted_headers(found)
        assert set_specs_of(found, GOOD_ID) == ["entries", "entries:second"]
    got = oai(client, verb="GetRecord", identifier=GOOD_ID, **LIST)
    assert not deleted_headers(got)
    assert until_now(client, "entries:names", moved_at) == [GOOD_ID]
    MemorialEntryPageFactory(parent=names, identifier="stays-2")
    seen, _ = harvest(client, "ListIdentifiers", 1, monkeypatch, **LIST, set="entries:names")
    assert sorted(seen) == [GOOD_ID, "oai:testserver:entry/stays-2"]  # in pages, each once
    monkeypatch.setattr(repository, "PAGE_SIZE", 100)

    back_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    MemorialEntryPage.objects.get(pk=archive["entry"].pk).move(names, pos="last-child")
    since = {"from": back_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    again = oai(client, verb="ListIdentifiers", **LIST, set="entries:names", **since)
    assert GOOD_ID in identifiers(again) and not deleted_headers(again)
    whole = oai(client, verb="ListIdentifiers", **LIST, set="entries:names")
    assert identifiers(whole).count(GOOD_ID) == 1
    assert GOOD_ID in deleted_headers(
        oai(client, verb="ListIdentifiers", **LIST, set="entries:second", **since)
    )


def until_now(client, set_spec, moment):
    """Identifiers deleted in a set between `moment`'s day and now (from and until)."""
    doc = oai(
        client,
        verb="ListIdentifiers",
        **LIST,
        set=set_spec,
        **{"from": moment.strftime("%Y-%m-%d"), "until": timezone.now().strftime("%Y-%m-%d")},
    )
    return list(deleted_headers(doc))


def test_a_collection_given_a_new_slug_dates_its_records_and_leaves_its_old_set(
    client, archive, django_capture_on_commit_callbacks
):
    oai(client, verb="ListIdentifiers", **LIST, set="entries:names")
    renamed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    since = {"from": renamed_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    names = MemorialIndexPage.objects.get(pk=archive["entry"].get_parent().pk)
    names.slug = "names-of-the-valley"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail says so once committed
        names.save_revision().publish()

    found = oai(client, verb="ListIdentifiers", **LIST, **since)
    assert set_specs_of(found, GOOD_ID) == ["entries", "entries:names-of-the-valley"]
    old = oai(client, verb="ListIdentifiers", **LIST, set="entries:names", **since)
    assert list(deleted_headers(old)) == [GOOD_ID]


def test_a_place_renamed_outside_the_admin_dates_the_entries_it_names_from_then(client, archive):
    oai(client, verb="ListRecords", **LIST)
    place = Place.objects.get(pk=archive["entry"].birth_place_id)
    renamed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    place.save()  # unchanged: dates nothing
    assert harvested_since(client, renamed_at) == {}
    place.name = "Velmora Nova"  # a script or a shell
    place.save()
    assert list(harvested_since(client, renamed_at)) == ["oai:testserver:entry/pub-1"]


def test_a_keyword_deleted_outside_the_admin_dates_the_testimonies_it_named(client, archive):
    keyword = KeywordFactory(name="Harvest songs")
    archive["testimony"].keywords.add(keyword)
    archive["testimony"].save()
    oai(client, verb="ListRecords", **LIST)
    deleted_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    keyword.delete()
    found = harvested_since(client, deleted_at)
    assert list(found) == [f"oai:testserver:testimony/{archive['testimony'].pk}"]


def test_a_testimony_is_dated_when_the_rights_of_its_recording_change(client, archive):
    from django.core.files.base import ContentFile

    from memorial.core.models import ArchiveMedia

    recording = ArchiveMedia(title="Fictional recording", type="audio", rights="CC BY 4.0")
    recording.file.save("fictional-tone.wav", ContentFile(b"RIFF fictional tone"), save=False)
    recording.save()
    TestimonyPage.objects.filter(pk=archive["testimony"].pk).update(media=recording)
    oai(client, verb="ListRecords", **LIST)
    changed_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    since = {"from": changed_at.strftime("%Y-%m-%dT%H:%M:%SZ")}

    recording.rights = "All rights reserved; fictional family"
    recording.save()
    records = oai(client, verb="ListRecords", **LIST, **since)
    assert identifiers(records) == [f"oai:testserver:testimony/{archive['testimony'].pk}"]
    assert records.xpath("//dc:rights/text()", namespaces=NS) == [
        "All rights reserved; fictional family"
    ]
