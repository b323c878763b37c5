"""Typed readers for configuration from environment variables.

Every setting the archive reads from the environment goes through these helpers,
so a malformed value fails at start-up with the variable's name in the message.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set (see .env.example)."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_tile_template(name: str) -> str:
    """A map tile address with {z}, {x} and {y} (http or https), or "" when unset."""
    from urllib.parse import urlsplit

    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    placeholders = all(f"{{{key}}}" in value for key in ("z", "x", "y"))
    if parts.scheme not in ("http", "https") or not parts.netloc or not placeholders:
        raise ImproperlyConfigured(
            f"{name} must be an http(s) address with {{z}}, {{x}} and {{y}}, such as "
            f"https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, not {value!r}."
        )
    return value


def origins_of(*addresses: str) -> list[str]:
    """scheme://host[:port] of each non-empty address, for a Content-Security-Policy."""
    from urllib.parse import urlsplit

    return [f"{urlsplit(a).scheme}://{urlsplit(a).netloc}" for a in addresses if a]
