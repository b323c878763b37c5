"""A public page links a private collection's document without its file name."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from ..factories import MemorialEntryPageFactory, SourceFactory, document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def private_document():
    private = Collection.get_first_root_node().add_child(name="Private scans")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="a long password"
    )
    return document(private)


def linking_to(doc):
    return f'<p>See <a linktype="document" id="{doc.pk}">the register</a>.</p>'


def person_showing(memorial_index, doc):
    return MemorialEntryPageFactory(
        parent=memorial_index,
        biography=[
            {"type": "paragraph", "value": linking_to(doc)},
            {"type": "document", "value": {"document": doc.pk, "title": "A scan"}},
        ],
    )


def test_a_private_document_is_linked_without_its_file_name(
    client, memorial_index, private_document
):
    entry = person_showing(memorial_index, private_document)
    SourceFactory(page=entry, document=private_document)
    html = client.get(entry.url).content.decode()
    nameless = f'href="/documents/{private_document.pk}/"'
    assert html.count(nameless) == 3  # rich text, document block, source
    assert private_document.filename not in html


def test_a_public_document_keeps_its_address(client, memorial_index):
    doc = document()
    entry = person_showing(memorial_index, doc)
    SourceFactory(page=entry, document=doc)
    html = client.get(entry.url).content.decode()
    assert html.count(f'href="{doc.url}"') == 3 and doc.url.endswith("/register.pdf")


def test_the_nameless_address_asks_for_the_collections_password(
    client, memorial_index, private_document
):
    person_showing(memorial_index, private_document)
    response = client.get(f"/documents/{private_document.pk}/")
    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert b"fictional" not in response.content
    assert "Content-Disposition" not in response


def test_the_nameless_address_serves_a_public_document(client, memorial_index):
    doc = document()
    person_showing(memorial_index, doc)
    response = client.get(f"/documents/{doc.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 fictional"


def test_a_nameless_address_of_no_document_is_not_found(client):
    assert client.get("/documents/987654/").status_code == 404


def test_the_api_gives_a_private_document_without_its_file_name(
    client, memorial_index, private_document
):
    entry = MemorialEntryPageFactory(parent=memorial_index)
    SourceFactory(page=entry, document=private_document)
    public = document()
    SourceFactory(page=entry, document=public)
    data = client.get(f"/api/v2/pages/{entry.pk}/").json()
    addresses = [source["document"] for source in data["sources"]]
    assert f"http://testserver/documents/{private_document.pk}/" in addresses
    assert f"http://testserver{public.url}" in addresses


def test_a_document_in_a_collection_beneath_a_private_one_is_private_too(
    client, memorial_index, private_document
):
    beneath = private_document.collection.add_child(name="Scanned later")
    doc = document(beneath)
    entry = person_showing(memorial_index, doc)
    html = client.get(entry.url).content.decode()
    assert html.count(f'href="/documents/{doc.pk}/"') == 2
    assert doc.filename not in html
