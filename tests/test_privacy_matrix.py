"""The privacy matrix: every protected state × every public surface × three kinds of viewer.

Each protected item carries a unique marker word (in its name, summary and transcript); an
anonymous visitor must not receive it anywhere, a researcher receives exactly what
researchers may (researchers-only content on its page, nothing more), staff see everything
on the page. The public surfaces (search, suggestions, API, OAI-PMH, sitemap, exports)
serve the public view to everyone.
"""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from memorial.core.privacy import RESEARCHERS_GROUP

from .factories import (
    ArchiveImageFactory,
    MemorialEntryPageFactory,
    SourceFactory,
    TestimonyPageFactory,
    TranscriptSegmentFactory,
    document,
    recording,
)
from .hidden_states import HIDDEN_STATES, hide

pytestmark = pytest.mark.django_db

STATES = ["public", *HIDDEN_STATES]
WITHHELD_MARKER = "Redactovex"


def marker(state: str) -> str:
    return f"Zorvath{state.capitalize()}"


def _protect(page, state):
    return page if state == "public" else hide(page, state)


@pytest.fixture
def archive(memorial_index, testimony_index):
    """An entry and a testimony in every state, plus a public testimony with a redacted passage."""
    items = {}
    for state in STATES:
        word = marker(state)
        entry = MemorialEntryPageFactory(
            parent=memorial_index,
            given_name="Ilse",
            family_name=word,
            portrait=ArchiveImageFactory(title=f"Portrait {word}"),
        )
        SourceFactory(page=entry, document=document())
        testimony = TestimonyPageFactory(
            parent=testimony_index,
            title=f"Account of {state}",  # a listed title is publishable by design
            summary=f"<p>Summary {word}.</p>",
            restricted_listing="title",
            media=recording(f"{state}.mp3"),
        )
        TranscriptSegmentFactory(page=testimony, start_seconds=0, text=f"Spoken {word} words.")
        items[state] = {"testimony": _protect(testimony, state)}
        if state != "withdrawn":  # consent belongs to testimonies; entries have none
            items[state]["entry"] = _protect(entry, state)
        else:
            entry.delete()
    redacted = TestimonyPageFactory(parent=testimony_index, title="Account with a gap")
    TranscriptSegmentFactory(page=redacted, start_seconds=0, text="An open passage Lindqvane.")
    TranscriptSegmentFactory(
        page=redacted,
        start_seconds=30,
        end_seconds=60,
        text=f"A private name {WITHHELD_MARKER}.",
        withheld=True,
        withheld_reason="names a living person",
    )
    items["redacted"] = {"testimony": redacted}
    return items


@pytest.fixture
def researcher(django_user_model):
    user = django_user_model.objects.create_user(
        "researcher", password="x", research_terms_accepted_at=timezone.now()
    )
    user.groups.add(Group.objects.get(name=RESEARCHERS_GROUP))
    return user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    caches["renditions" if "renditions" in settings.CACHES else "default"].clear()


def file_urls(items: dict) -> list[str]:
    """The addresses of an item's files: portrait rendition, cited document, recording."""
    urls = []
    if entry := items.get("entry"):
        urls.append(entry.portrait.get_rendition("fill-80x80").url)
        urls.append(entry.sources.get().document.url)
    if (testimony := items.get("testimony")) and testimony.media:
        urls.append(testimony.media.url)
    return urls


def _text(response) -> str:
    return response.content.decode() if response.status_code == 200 else ""


def _listing(response) -> str:
    """A listing that must answer: a refused request would make the check vacuous."""
    assert response.status_code == 200, response.content[:200]
    return response.content.decode()


def public_surfaces(client):
    """Everything the public surfaces return, as one text.

    Searches use words every item shares (never the marker itself, which the search page
    echoes back), so a protected item could only appear as a result.
    """
    out = io.StringIO()
    call_command("export_entries", "--format", "jsonl", stdout=out, stderr=io.StringIO())
    api = "/api/v2/pages/"
    return "\n".join(
        [
            _text(client.get("/search/", {"q": "Ilse"})),
            _text(client.get("/search/", {"q": "Spoken words", "type": "testimony"})),
            _text(client.get("/search/", {"q": "private name", "type": "testimony"})),
            _text(client.get("/search/suggest/", {"q": "Ils"})),
            _text(client.get("/search/suggest/", {"q": "Zorvath"})),
            _listing(client.get(api, {"limit": 20})),
            _listing(client.get(api, {"type": "testimonies.TestimonyPage", "fields": "*"})),
            _listing(client.get(api, {"type": "entries.MemorialEntryPage", "fields": "*"})),
            _listing(client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})),
            _listing(client.get("/sitemap-pages.xml")),
            out.getvalue(),
        ]
    )


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_anonymous_visitors_receive_nothing_of_a_protected_item(client, archive, state):
    word = marker(state)
    for kind, page in archive[state].items():
        response = client.get(page.url) if page.url else None
        if response is not None and kind == "entry" and state != "private":
            assert response.status_code == 404, (state, kind)
        if response is not None:
            assert word not in _text(response), (state, kind)
        detail = client.get(f"/api/v2/pages/{page.pk}/")
        assert detail.status_code == 404, (state, kind)
    if "entry" in archive[state]:
        entry = archive[state]["entry"]
        assert client.get(f"/e/{entry.identifier}/").status_code == 404
    assert word not in public_surfaces(client)
    for url in file_urls(archive[state]):
        assert client.get(url).status_code == 404, (state, url)
    sitemap = _text(client.get("/sitemap-pages.xml"))
    for page in archive[state].values():
        assert f"/{page.slug}/" not in sitemap


def test_the_public_item_is_reachable_through_every_surface(client, archive):
    """The control row: the same checks find the public item, so they can see a leak."""
    word = marker("public")
    entry, testimony = archive["public"]["entry"], archive["public"]["testimony"]
    assert word in _text(client.get(entry.url))
    assert word in _text(client.get(testimony.url))
    assert client.get(f"/e/{entry.identifier}/").status_code in (301, 302)
    surfaces = public_surfaces(client)
    assert surfaces.count(word) >= 5
    assert f"/{testimony.slug}/" in _text(client.get("/sitemap-pages.xml"))
    for url in file_urls(archive["public"]):
        assert client.get(url).status_code == 200, url


def test_a_withheld_passage_reaches_no_public_surface(client, archive, admin_user):
    testimony = archive["redacted"]["testimony"]
    page_html = _text(client.get(testimony.url))
    assert "Lindqvane" in page_html and "[passage withheld]" in page_html
    assert WITHHELD_MARKER not in page_html
    assert WITHHELD_MARKER not in _text(client.get(f"/api/v2/pages/{testimony.pk}/"))
    assert WITHHELD_MARKER not in public_surfaces(client)
    assert "Account with a gap" not in _text(client.get("/search/", {"q": WITHHELD_MARKER}))
    client.force_login(admin_user)
    assert WITHHELD_MARKER in _text(client.get(testimony.url))


def test_the_search_index_never_holds_a_withheld_passage(archive):
    testimony = archive["redacted"]["testimony"]
    indexed = testimony.public_transcript()
    assert "Lindqvane" in indexed and WITHHELD_MARKER not in indexed


def test_a_passage_withheld_after_publication_leaves_search(client, testimony_index):
    testimony = TestimonyPageFactory(parent=testimony_index, title="Account edited later")
    TranscriptSegmentFactory(page=testimony, start_seconds=0, text="Opening words.")
    TranscriptSegmentFactory(page=testimony, start_seconds=30, text="Zorblaxneighbour lived here.")
    testimony.save_revision().publish()
    assert "Account edited later" in _text(client.get("/search/", {"q": "Zorblaxneighbour"}))
    draft = testimony.get_latest_revision_as_object()
    passages = list(draft.segments.all())
    passages[1].withheld, passages[1].withheld_reason = True, "names a living person"
    draft.segments = passages
    draft.save_revision().publish()
    assert "Account edited later" not in _text(client.get("/search/", {"q": "Zorblaxneighbour"}))


@pytest.mark.parametrize("state", ["researchers"])
def test_a_researcher_sees_researchers_only_content_on_its_page_and_nothing_else(
    client, archive, researcher, state
):
    client.force_login(researcher)
    for page in archive["researchers"].values():
        assert marker("researchers") in _text(client.get(page.url))
    for url in file_urls(archive["researchers"]):
        assert client.get(url).status_code == 200, url
    for hidden in ("draft", "private", "staff", "embargoed", "withdrawn"):
        for page in archive[hidden].values():
            assert marker(hidden) not in _text(client.get(page.url)), hidden
        for url in file_urls(archive[hidden]):
            assert client.get(url).status_code == 404, (hidden, url)
    # Public surfaces stay public for everybody.
    assert marker("researchers") not in public_surfaces(client)
    assert WITHHELD_MARKER not in _text(client.get(archive["redacted"]["testimony"].url))


def test_staff_see_every_item_that_is_still_published(client, archive, admin_user):
    client.force_login(admin_user)
    for state in ("researchers", "staff", "embargoed"):
        for page in archive[state].values():
            assert marker(state) in _text(client.get(page.url)), state
    for state in STATES:
        for url in file_urls(archive[state]):
            assert client.get(url).status_code == 200, (state, url)


def test_jsonld_of_a_restricted_testimony_holds_catalogue_details_only(client, archive):
    html = _text(client.get(archive["researchers"]["testimony"].url))
    start = html.index('<script type="application/ld+json">')
    data = json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])
    assert data["conditionsOfAccess"].startswith("Closed")
    assert marker("researchers") not in json.dumps(data)
