"""System checks of the archive's own settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .site_address import configured_address


@register(Tags.security, deploy=True)
def public_address_is_served_here(app_configs, **kwargs):
    try:
        address = configured_address()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="memorial.E001")]
    if validate_host(address.hostname, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"WAGTAILADMIN_BASE_URL names the host {address.hostname!r}, which ALLOWED_HOSTS "
            "does not allow.",
            hint=(
                "Set WAGTAILADMIN_BASE_URL to the archive's public address (e.g. "
                "https://archive.example.org): editors' e-mails link it, and `make serve` gives "
                "it to the site for canonical links, the sitemap and proxy purges."
            ),
            id="memorial.W001",
        )
    ]
