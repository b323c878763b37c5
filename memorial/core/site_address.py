"""The archive's public address on its default Wagtail Site.

Wagtail builds every absolute page address from the Site record: canonical links, the
sitemap, and the addresses purged from a caching proxy (the proxy is told the Site's host).
A new database holds Wagtail's placeholder, localhost on port 80, so a production archive
that nobody re-addressed in the admin names localhost in its canonical links and purges a
host the proxy never serves. `make serve` therefore sets the Site from
WAGTAILADMIN_BASE_URL, the address the archive already gives in editors' e-mails.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

PLACEHOLDER = ("localhost", 80)


@dataclass(frozen=True)
class Address:
    hostname: str
    port: int

    def __str__(self) -> str:
        """As Wagtail's Site.root_url writes it."""
        if self.port == 443:
            return f"https://{self.hostname}"
        return f"http://{self.hostname}" + ("" if self.port == 80 else f":{self.port}")


def configured_address() -> Address:
    """The host and port WAGTAILADMIN_BASE_URL names (port 443 for https, 80 for http)."""
    base_url = settings.WAGTAILADMIN_BASE_URL
    try:
        parts = urlsplit(base_url)
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"WAGTAILADMIN_BASE_URL {base_url!r}: {error}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL {base_url!r} is not an http(s) address such as "
            "https://archive.example.org"
        )
    return Address(parts.hostname, port or (443 if parts.scheme == "https" else 80))


def site_address(site: Site) -> Address:
    return Address(site.hostname, site.port)


def set_default_site_address(*, replace: bool = False) -> tuple[Address, bool]:
    """Give the default Site the configured address. A Site still at the placeholder is
    always set; one an administrator addressed otherwise only with `replace`.
    Returns the address it had, and whether it changed."""
    wanted = configured_address()
    site = Site.objects.get(is_default_site=True)
    had = site_address(site)
    if had == wanted or (not replace and (had.hostname, had.port) != PLACEHOLDER):
        return had, False
    site.hostname, site.port = wanted.hostname, wanted.port
    site.save(update_fields=["hostname", "port"])
    return had, True
