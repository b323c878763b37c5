"""The release a process runs: what decides how a page looks, besides the archive.

A new release makes every stored page and fragment stale at once, as a publish does
(memorial.core.changes.public_state); app processes of one release agree on it.
"""

import hashlib
from functools import cache as once
from pathlib import Path

from django.conf import settings

RELEASE_FOLDERS = ("memorial", "home", "search", "templates", "locale", "static")
RELEASE_SUFFIXES = frozenset({".py", ".html", ".mo", ".css", ".js", ".svg"})


@once
def release_fingerprint() -> str:
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in RELEASE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
