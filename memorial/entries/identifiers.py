"""Stable short identifiers for entries, used in permanent links (/e/<identifier>/)."""

import re
import secrets

from django.core.validators import RegexValidator

# Crockford's base-32 alphabet: no I, L, O or U, so identifiers survive being read aloud.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 8

identifier_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
    "Use letters, digits, dots, hyphens and underscores only (at most 64), "
    "starting with a letter or digit.",
)


def is_identifier(text: str) -> bool:
    """Whether `text` has the form of an identifier; if not, it names no entry.

    Views check this before looking an identifier up: PostgreSQL refuses a query holding a
    NUL character with an error, and a path may hold anything.
    """
    return re.fullmatch(identifier_validator.regex.pattern, text) is not None


def new_identifier() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
