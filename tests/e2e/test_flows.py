"""What visitors, families and archivists do, in a real browser against a real server.

Each test fails when its feature breaks: search by a variant spelling, play a testimony and
jump to a moment, browse a gallery by keyboard, send a remembrance with a photograph, light
a candle, publish a new entry through the admin, and print a record.
"""

import re

from playwright.sync_api import expect

from memorial.entries.models import MemorialEntryPage
from memorial.remembrances.models import Submission, SubmissionKind

from ..core.test_uploads import jpeg_with_exif
from . import content
from .conftest import E2E_DB

pytestmark = E2E_DB


def test_a_name_is_found_in_a_variant_spelling(page, site, screenshots):
    names = content.names_collection()
    entry = content.person(names, "Məmmədov", "Əli")
    content.person(names, "Okonkwo", "Adaeze")

    # The home page's own name box: type a variant spelling and search.
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Search for a name").fill("Mamedov")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Mamedov"))
    result = page.locator("main").get_by_role("link", name=re.compile("Məmmədov"))
    expect(result.first).to_be_visible()
    screenshots("results")

    result.first.click()
    expect(page).to_have_url(site + entry.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Məmmədov")

    # The same person again, from the header's search box on any other page: its
    # suggestions are a combobox, chosen with the arrow keys and Enter.
    page.goto(site + names.url)
    box = page.get_by_role("combobox", name="Search the archive")
    box.press_sequentially("Mamedov", delay=20)
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option")).to_contain_text("Məmmədov")
    expect(box).to_have_attribute("aria-expanded", "true")
    screenshots("suggestions")
    box.press("ArrowDown")
    expect(page.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(site + entry.url)
    assert page.js_errors == []


def test_a_transcript_segment_seeks_the_recording(page, site, screenshots):
    index = content.TestimonyIndexPageFactory(parent=content.home(), slug="testimonies")
    account = content.testimony(index)

    page.goto(site + account.url)
    player = page.locator("audio[data-player]")
    expect(player).to_be_visible()
    # Wait for the generated WAV's metadata: its duration is known once the browser read it.
    page.wait_for_function(
        "() => document.querySelector('audio[data-player]').readyState >= 1", timeout=10_000
    )
    duration = player.evaluate("audio => audio.duration")
    assert abs(duration - content.RECORDING_SECONDS) < 1

    player.evaluate("audio => audio.play()")
    page.wait_for_function("() => !document.querySelector('audio[data-player]').paused")

    moment = content.SEGMENT_STARTS[2]
    segment = page.locator(f"a[data-seek='{moment}']")
    segment.click()
    page.wait_for_function(
        f"() => document.querySelector('audio[data-player]').currentTime >= {moment}"
    )
    assert re.search(rf"[?&]t={moment}\b", page.url), page.url
    expect(segment.locator("xpath=ancestor::li[1]")).to_have_attribute("aria-current", "true")
    screenshots("playing")

    # The address is the moment: opening it again starts the player there, without playing.
    page.reload()
    page.wait_for_function(
        f"() => document.querySelector('audio[data-player]').currentTime >= {moment}"
    )
    assert player.evaluate("audio => audio.paused")
    assert page.js_errors == []


def test_the_second_passage_in_a_second_is_the_moment_remembered(page, site):
    index = content.TestimonyIndexPageFactory(parent=content.home(), slug="testimonies")
    account = content.testimony(index)
    moment = content.SEGMENT_STARTS[2]
    content.TranscriptSegmentFactory(
        page=account, start_seconds=moment, text="Fictional aside in the same second."
    )

    page.goto(site + account.url)
    second = page.locator(f"li#t-{moment}-2")
    second.locator("a[data-seek]").click()
    page.wait_for_function("() => location.hash.length > 1")
    assert page.url.endswith(f"#t-{moment}-2"), page.url
    expect(second).to_have_attribute("aria-current", "true")

    page.reload()
    expect(second).to_have_attribute("aria-current", "true")
    expect(page.locator(f"li#t-{moment}")).not_to_have_attribute("aria-current", "true")
    assert page.js_errors == []


def test_a_gallery_is_browsed_by_keyboard(page, site, screenshots):
    index = content.GalleryIndexPageFactory(parent=content.home(), slug="photographs")
    album = content.gallery(index, photographs=3)

    page.goto(site + album.url)
    first = page.locator("a[data-lightbox-item]").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Photograph 1 of 3")
    close = dialog.get_by_role("button", name=re.compile("Close"))
    expect(close).to_be_focused()

    page.keyboard.press("ArrowRight")
    expect(dialog).to_contain_text("Photograph 2 of 3")
    expect(dialog.locator("img")).to_have_attribute("alt", "A fictional grey photograph, number 2")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # wraps round to the first
    expect(dialog).to_contain_text("Photograph 1 of 3")
    page.keyboard.press("ArrowLeft")
    expect(dialog).to_contain_text("Photograph 3 of 3")
    dialog.get_by_role("button", name=re.compile("Previous")).press("Enter")
    expect(dialog).to_contain_text("Photograph 2 of 3")
    screenshots("lightbox", full_page=False)

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # Focus returns to the thumbnail of the photograph last shown.
    expect(page.locator("a[data-lightbox-item]").nth(1)).to_be_focused()
    assert page.js_errors == []


def test_the_photograph_viewer_buttons_read_as_whole_phrases_in_russian(page, site):
    """A button's visible word and its hidden rest are read as one name: "Назад" + "фотография"
    ("back photograph") is not Russian, so each button has its own rest."""
    index = content.GalleryIndexPageFactory(parent=content.home(), slug="photographs")
    album = content.gallery(index, photographs=2)

    page.goto(f"{site}/ru{album.url}")
    page.locator("a[data-lightbox-item]").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Назад к предыдущей фотографии")).to_be_visible()
    expect(dialog.get_by_role("button", name="Вперёд к следующей фотографии")).to_be_visible()
    expect(dialog.get_by_role("button", name="Закрыть просмотр фотографий")).to_be_focused()


def test_a_family_sends_a_remembrance_with_a_photograph(page, site, screenshots, tmp_path):
    names = content.names_collection()
    entry = content.person(names, "Venn", "Orsolya")
    photo = tmp_path / "garden.jpg"
    photo.write_bytes(jpeg_with_exif())

    page.goto(site + entry.url + "remember/")
    page.get_by_label("Your name").fill("Mira Ostrander")
    page.get_by_label("Your e-mail address").fill("mira@example.org")
    page.get_by_label("What you remember").fill("She kept a garden of blue flowers.")
    page.get_by_label("I agree that the archive publishes my remembrance").check()
    page.locator("input[name='photo_1']").set_input_files(str(photo))
    page.locator("input[name='alt_1']").fill("A woman standing in a fictional garden")
    # The honeypot is out of sight and out of the tab order; a person leaves it empty.
    honeypot = page.locator("input[name='website']")
    expect(honeypot).to_have_attribute("tabindex", "-1")
    expect(honeypot).to_have_value("")
    screenshots("filled")
    page.get_by_role("button", name=re.compile("Send", re.I)).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you for remembering")
    screenshots("thanks")
    submission = Submission.objects.get()
    assert submission.kind == SubmissionKind.REMEMBRANCE
    assert submission.email == "mira@example.org"
    assert page.js_errors == []


def test_a_candle_is_lit_on_an_entry_page(page, site, screenshots):
    names = content.names_collection()
    entry = content.person(names, "Venn", "Orsolya")

    page.goto(site + entry.url)
    count = page.locator("[data-candle-count]")
    expect(count).to_have_text("0 candles lit")
    page.get_by_role("button", name=re.compile("Light a candle")).click()
    expect(count).to_have_text("1 candle lit")
    expect(page.locator("[data-candle-status]")).to_contain_text("You lit a candle for")
    screenshots("lit")
    # Once a day per visitor: a second press keeps the count.
    page.get_by_role("button", name=re.compile("Light a candle")).click()
    expect(page.locator("[data-candle-status]")).to_contain_text("already lit")
    expect(count).to_have_text("1 candle lit")
    assert page.js_errors == []


def test_an_archivist_publishes_a_new_entry_through_the_admin(
    page, site, screenshots, django_user_model
):
    names = content.names_collection()
    django_user_model.objects.create_superuser(
        "archivist", "archivist@example.org", "a-long-fictional-passphrase"
    )

    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("archivist")
    page.get_by_label("Password").fill("a-long-fictional-passphrase")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(site + "/admin/")

    page.goto(f"{site}/admin/pages/add/entries/memorialentrypage/{names.pk}/")
    page.locator("#id_title").fill("Ilsabet Fernow")
    page.locator("#id_given_name").fill("Ilsabet")
    page.locator("#id_family_name").fill("Fernow")
    screenshots("editing")
    # Publish sits in the footer's action menu, behind the "more actions" toggle.
    page.locator("footer").get_by_role("button", name=re.compile("More actions")).click()
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.locator(".messages")).to_contain_text("published")

    entry = MemorialEntryPage.objects.get(title="Ilsabet Fernow")
    assert entry.live
    page.goto(site + entry.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ilsabet Fernow")


def test_a_printed_record_keeps_its_words_and_leaves_the_controls_out(page, site, screenshots):
    names = content.names_collection()
    entry = content.person(names, "Venn", "Orsolya")
    index = content.TestimonyIndexPageFactory(parent=content.home(), slug="testimonies")
    account = content.testimony(index)
    page.emulate_media(media="print")

    page.goto(site + entry.url)
    expect(page.get_by_role("heading", name="Orsolya Venn")).to_be_visible()
    expect(page.get_by_text("Permanent link")).to_be_visible()
    for control in ("Light a candle", "Remember Orsolya Venn", "Русский"):
        expect(page.get_by_text(control)).to_be_hidden()
    expect(page.get_by_role("heading", name="Remembrances")).to_be_hidden()  # none yet
    screenshots("entry")

    page.goto(site + account.url)
    expect(page.get_by_text("Fictional middle: the bridge and the market.")).to_be_visible()
    expect(page.locator("audio")).to_be_hidden()
    expect(page.get_by_role("heading", name="Recording")).to_be_hidden()
    expect(page.get_by_text("Link to this moment").first).to_be_hidden()
    screenshots("testimony")
