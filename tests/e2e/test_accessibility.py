"""Accessibility in a real browser: axe-core (WCAG 2.2 AA) on every public page type, visible
focus, the skip link, landmarks, form errors read with their fields, reduced motion, 200 % zoom
and a 320 px phone.

axe comes bundled with axe_playwright_python, a locked dev dependency that `make test` installs
with the rest; nothing is downloaded at test time and no npm is needed. A serious or critical
finding fails the test with the rule, the elements and axe's advice in the message, and so does
any finding of the structure rules below, whatever axe calls its impact.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from . import content
from .conftest import E2E_DB

pytestmark = E2E_DB

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
# axe's best-practice rules for the landmarks and headings a screen reader moves by. axe rates
# them moderate; here they fail the test like a serious finding (each once let a problem in:
# the demo notice outside every landmark, two unnamed search landmarks on the 404 page).
STRUCTURE = {
    "region",
    "landmark-unique",
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "page-has-heading-one",
    "heading-order",
}
# 200 % zoom of a 1280 px window lays the page out in 640 CSS pixels.
ZOOMED = {"width": 640, "height": 450}
# WCAG 1.4.10 (reflow): 320 CSS pixels wide, as 400 % zoom of 1280 px or a small phone.
NARROW = {"width": 320, "height": 640}
# A compound family name written as one word, longer than a phone is wide (fictional).
LONG_FAMILY_NAME = "Vellamonterrasquieravalendorfskaya-Ostrelmiravendaquellisburg" * 2
# The border of a field in error (#9b2c2c in archive.css).
ERROR_BORDER = "rgb(155, 44, 44)"
# Ids that an element's ARIA names but the page lacks: axe only asks a person to review these.
DANGLING_IDS = """() => [...document.querySelectorAll(
    '[aria-describedby], [aria-labelledby], [aria-controls], [aria-errormessage]')].flatMap(el =>
    ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-errormessage'].flatMap(attr =>
        (el.getAttribute(attr) || '').split(/\\s+/).filter(id => id && !document.getElementById(id))
            .map(id => `${el.tagName.toLowerCase()}#${el.id} ${attr}="${id}"`)))"""

axe = Axe()


def public_pages(site_content) -> dict[str, str]:
    """One address for every public page type, by a name that reads well in a failure."""
    return {
        "home": "/",
        "standard page": site_content.standard.url,
        "memorial index": site_content.names.url,
        "entry": site_content.entry.url,
        "remembrance": site_content.remembrance.url,
        "testimony index": site_content.testimonies.url,
        "testimony (content warning)": site_content.testimony.url,
        "gallery index": site_content.galleries.url,
        "gallery": site_content.gallery.url,
        "archive in numbers": site_content.numbers.url,
        "map of places": site_content.numbers.url + "map/",
        "people of a place": f"{site_content.numbers.url}places/{site_content.place.pk}/",
        "search with results": "/search/?q=Mamedov",
        "search without results": "/search/?q=Zzyzxqv",
        "submit-a-name form": "/submit-a-name/",
        "remembrance form": site_content.entry.url + "remember/",
        "research sign-in": "/research/sign-in/",
        "404 page": "/no-such-page-here/",
    }


def blocking_violations(page) -> list[str]:
    tags = [*WCAG_22_AA, "best-practice"]
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": tags}})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING and violation["id"] not in STRUCTURE:
            continue
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found


@pytest.fixture
def site_content():
    from home.models import ArchiveSettings

    site = content.whole_site()
    # The demo notice is on every page of a demo site: scanned with the rest.
    notice = ArchiveSettings.load()
    notice.demo_notice = True
    notice.save()
    return site


def test_every_public_page_type_passes_axe(page, site, site_content, screenshots):
    hidden = site_content.private_entry, site_content.draft_entry
    report = {}
    for name, path in public_pages(site_content).items():
        response = page.goto(site + path)
        expected = 404 if name == "404 page" else 200
        assert response.status == expected, f"{name}: {path} answered {response.status}"
        report[name] = blocking_violations(page)
        # Nothing private or unpublished leaks onto a public page (its name or its address).
        html = page.content()
        for entry in hidden:
            assert entry.family_name not in html, f"{name} shows {entry.family_name}"
            assert f'href="{entry.url}"' not in html, f"{name} links to {entry.url}"

    # The states behind a click: an opened content warning, the lightbox, form errors,
    # the suggestions list.
    page.goto(site + site_content.testimony.url)
    page.get_by_text("Continue to the testimony").click()
    report["testimony, warning accepted"] = blocking_violations(page)
    page.goto(site + site_content.gallery.url)
    page.locator("a[data-lightbox-item]").first.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    # Checked once its fade-in is over: half-way, its text is half transparent and axe
    # measures too little contrast (it failed so once).
    page.get_by_role("dialog").evaluate(
        "d => Promise.all(d.getAnimations({subtree: true}).map(a => a.finished))"
    )
    report["gallery lightbox"] = blocking_violations(page)
    page.goto(site + site_content.entry.url + "remember/")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check")
    report["remembrance form with errors"] = blocking_violations(page)
    screenshots("remembrance-form-errors")
    page.goto(site + "/submit-a-name/")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    report["submit-a-name form with errors"] = blocking_violations(page)
    page.goto(site + site_content.names.url)
    page.get_by_role("combobox", name="Search the archive").press_sequentially("Mam", delay=20)
    expect(page.get_by_role("option").first).to_be_visible()
    report["search suggestions open"] = blocking_violations(page)

    failures = {name: found for name, found in report.items() if found}
    assert not failures, "axe found serious, critical or structural problems:\n" + "\n".join(
        f"- {name}:\n    " + "\n    ".join(found) for name, found in failures.items()
    )


def test_focus_is_visible_and_the_skip_link_leads_to_main(page, site, site_content):
    page.goto(site + site_content.entry.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # The next Tab continues inside main; every focused link shows where it is.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    for _ in range(3):
        style = page.evaluate(
            """() => {
                const el = document.activeElement, s = getComputedStyle(el);
                return {tag: el.tagName, outline: s.outlineStyle, width: s.outlineWidth,
                        shadow: s.boxShadow};
            }"""
        )
        has_outline = style["outline"] != "none" and style["width"] != "0px"
        assert has_outline or style["shadow"] != "none", f"focus is invisible on {style}"
        page.keyboard.press("Tab")


def test_every_page_has_its_landmarks(page, site, site_content):
    for name, path in public_pages(site_content).items():
        page.goto(site + path)
        for role in ("banner", "main", "contentinfo"):
            expect(page.get_by_role(role), f"{name}: {role}").to_have_count(1)
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation, f"{name}: main navigation").to_be_visible()
        expect(page.get_by_role("search").first, f"{name}: search").to_be_attached()
        assert page.evaluate("document.documentElement.lang"), f"{name}: no lang on <html>"


def test_reduced_motion_turns_off_smooth_scrolling_and_animation(browser, site, site_content):
    def motion(preference):
        context = browser.new_context(reduced_motion=preference)
        try:
            tab = context.new_page()
            tab.goto(site + site_content.gallery.url)
            tab.locator("a[data-lightbox-item]").first.click()
            expect(tab.get_by_role("dialog")).to_be_visible()
            return tab.evaluate(
                """() => ({
                    scroll: getComputedStyle(document.documentElement).scrollBehavior,
                    animation: getComputedStyle(document.querySelector('dialog')).animationName,
                    stillRule: [...document.styleSheets].some(sheet => [...sheet.cssRules].some(
                        rule => rule.media?.mediaText.includes('reduced-motion: reduce')
                            && rule.cssText.includes('transition-duration'))),
                })"""
            )
        finally:
            context.close()

    # The same page moves when motion is welcome (so the check below means something)…
    welcome = motion("no-preference")
    assert (welcome["scroll"], welcome["animation"]) == ("smooth", "lightbox-in")
    # …and stays still when the reader asked for less motion.
    # A rule for "reduce" also stops transitions any later rule might add.
    assert motion("reduce") == {"scroll": "auto", "animation": "none", "stillRule": True}


def test_pages_reflow_at_200_percent_zoom(page, site, site_content, screenshots):
    page.set_viewport_size(ZOOMED)
    for name, path in public_pages(site_content).items():
        page.goto(site + path)
        widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{name}: scrolls sideways at 200 % zoom ({widths})"
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation, f"{name}: navigation").to_be_visible()
        box = navigation.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= ZOOMED["width"] + 1, name
        # A sign-in form's autofocus runs a frame or two after load and scrolls to its
        # field; let it, so that it cannot take the focus back from the search box.
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        search = page.locator("input[type=search]").first
        search.focus()
        expect(search, f"{name}: search box").to_be_in_viewport()
    screenshots("last-page")


def test_the_404_page_says_so_in_words(page, site):
    response = page.goto(site + "/no-such-page-here/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"\S"))
    expect(page.get_by_role("search").first).to_be_attached()


def test_form_errors_are_read_with_their_fields(page, site, site_content):
    """Django names `<field id>_error` in a field's aria-describedby once it has an error; the
    templates must draw the error with that id, or a screen reader never reads it with the field."""
    forms = {
        "remembrance form": (site_content.entry.url + "remember/", "Send for review"),
        "submit-a-name form": ("/submit-a-name/", "Send for review"),
        "research sign-in": ("/research/sign-in/", "Sign in"),
    }
    for name, (path, button) in forms.items():
        page.goto(site + path)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        invalid = page.locator("[aria-invalid=true]")
        assert invalid.count(), f"{name}: an empty form showed no field in error"
        assert page.evaluate(DANGLING_IDS) == [], f"{name}: {page.evaluate(DANGLING_IDS)}"
        for index in range(invalid.count()):
            field = invalid.nth(index)
            described = field.get_attribute("aria-describedby") or ""
            error_id = f"{field.get_attribute('id')}_error"
            assert error_id in described.split(), f"{name}: {error_id} not in '{described}'"
            expect(page.locator(f"#{error_id}"), name).to_have_text(re.compile(r"\S"))
            # Seen as well as read: every field in error has the error's border, the e-mail
            # box and the story of the remembrance form as much as the name above them.
            if field.get_attribute("type") != "checkbox":
                border = field.evaluate("el => getComputedStyle(el).borderTopColor")
                assert border == ERROR_BORDER, f"{name}: {error_id[:-6]} has a {border} border"


def test_pages_reflow_on_a_320_px_screen(page, site, site_content, screenshots):
    """No sideways scrolling at 320 CSS px (WCAG 1.4.10), forms with errors and the longer
    Russian words included: a file input once widened the forms past the screen, and a
    family name of one long word widened its card, its search result and its page."""
    long_name = content.person(site_content.names, LONG_FAMILY_NAME, "Ilmarisvaldo")
    page.set_viewport_size(NARROW)
    pages = {
        **public_pages(site_content),
        "search in Russian": "/ru/search/?q=Mamedov",
        "remembrance form in Azerbaijani": "/az" + site_content.entry.url + "remember/",
        "entry with a long family name": long_name.url,
        "search for a long family name": f"/search/?q={LONG_FAMILY_NAME}",
    }
    wide = {}
    for name, path in pages.items():
        page.goto(site + path)
        widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            wide[name] = widths
    page.goto(site + "/submit-a-name/")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        wide["submit-a-name form with errors"] = widths
    assert not wide, f"scrolls sideways at 320 px (content width, window width): {wide}"
    screenshots("submit-a-name-errors")
