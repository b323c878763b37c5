"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is ever downloaded. Without Chromium the whole directory is skipped, loudly.
Every test module here declares `E2E_DB` as its `pytestmark`: a transactional database (the
server answers from its own thread), so data is created inside the test and kept small;
`serialized_rollback` brings back what the migrations made (the home page, the site, the
groups) for the tests that run after. It must be a module mark, not one added here at
collection: pytest-django orders tests and decides what to serialize before this file's hook.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that the caller knows what it does (it does: the
# ORM calls here never overlap with the browser's work). Set only while a browser runs, so
# no other test, nor a process one starts, inherits it.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
DEFAULT_CHROMIUM = "/usr/bin/chromium"
E2E_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which(candidate)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: real-browser test (Playwright + Debian's Chromium, live server)"
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    ours = [item for item in items if here in Path(str(item.fspath)).parents]
    if not ours:
        return
    browser = chromium_path()
    skip = None
    if browser is None:
        wanted = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
        skip = pytest.mark.skip(
            reason=f"e2e: no Chromium at {wanted} — install Debian's chromium "
            "(apt-get install chromium) or set CHROMIUM_PATH"
        )
    for item in ours:
        item.add_marker(pytest.mark.e2e)
        if skip:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser(migrated_snapshot):
    """One browser per test module: its event loop ends with the module, so the test files
    that pytest-xdist runs after it in the same process see a thread without one."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.skip(f"e2e: no Chromium at {DEFAULT_CHROMIUM} — install Debian's chromium")
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=path,
                args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
            )
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture(autouse=True)
def e2e_settings(settings, tmp_path):
    """Files in a throwaway place; forms may be sent as fast as a browser test types."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.FORM_MIN_SECONDS = 0
    return settings


@pytest.fixture
def site(live_server):
    """The live server's address, without a trailing slash."""
    return live_server.url


@pytest.fixture
def page(browser, request):
    """A fresh browser context (cookies, storage, viewport) per test; desktop width."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.js_errors = errors
    yield tab
    context.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


@pytest.fixture
def screenshots(page, request):
    """`screenshots("step")` saves the page at phone and desktop widths, named by the test.

    Pass `full_page=False` while a modal dialog is open: its backdrop covers only the window.
    """

    def save(step: str = "", full_page: bool = True) -> list[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = _slug(request.node.name + (f"-{step}" if step else ""))
        original = page.viewport_size or DESKTOP
        saved = []
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            path = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=full_page)
            saved.append(path)
        page.set_viewport_size(original)
        return saved

    return save


@pytest.fixture(scope="session")
def migrated_snapshot(django_db_setup):
    """What the migrations put in the test database (site, home page, groups), as serialized
    when it was created. Taken before Playwright starts: afterwards this thread's database
    connection no longer carries the snapshot, so serialized_rollback alone would leave the
    tests after the first with an empty database."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def migrated_data(request, migrated_snapshot):
    """Each e2e test starts with the migrations' data, whatever ran and flushed before it."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from django.db import connection
    from wagtail.models import Site

    request.getfixturevalue("transactional_db")
    if migrated_snapshot is None:
        return
    connection._test_serialized_contents = migrated_snapshot
    if not Site.objects.exists():
        connection.creation.deserialize_db_from_string(migrated_snapshot)
