"""Photographs already checked, kept between a form that had an error and its next sending.

A browser cannot fill a file input again, so when a form comes back with an error its
accepted photographs (already re-encoded clean copies) wait here, under
PRIVATE_FILES_ROOT/uploads/<token>/, and the form carries the token in a signed hidden
field. The token is random and signed, so a visitor can only ever reach their own files.
`manage.py prune_uploads` deletes what nobody came back for.

The signed value also names the slots whose photographs were kept, and a form is honoured
however long it stayed open: photographs still here are sent with it; those pruned meanwhile
are asked for again (kept_photos), never dropped without a word.
"""

import json
import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core import signing

from memorial.core.uploads import CleanImage

_SALT = "memorial.remembrances.upload-store"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")
DEFAULT_MAX_AGE_SECONDS = 24 * 60 * 60


def uploads_root() -> Path:
    return Path(settings.PRIVATE_FILES_ROOT) / "uploads"


def new_token() -> str:
    return secrets.token_urlsafe(16)


def sign(token: str, kept_slots=()) -> str:
    """The value a form carries: its token, and the slots of the photographs kept for it."""
    if not kept_slots:
        return signing.dumps(token, salt=_SALT)
    return signing.dumps({"token": token, "kept": sorted(kept_slots)}, salt=_SALT)


def unsign_form(signed: str) -> tuple[str, frozenset[int]] | None:
    """(token, slots kept for the form) from a signed value, or None when it is missing or
    not ours. No age limit: a form left open past the prune is told what it lost."""
    try:
        value = signing.loads(signed, salt=_SALT)
    except signing.BadSignature:
        return None
    token, slots = value, []
    if isinstance(value, dict):
        token, slots = value.get("token"), value.get("kept")
    if not isinstance(token, str) or not _TOKEN.match(token) or not isinstance(slots, list):
        return None
    return token, frozenset(slot for slot in slots if isinstance(slot, int))


def unsign(signed: str) -> str | None:
    """The token in a signed value from a form, or None when it is missing or not ours."""
    found = unsign_form(signed)
    return found[0] if found else None


def _folder(token: str) -> Path:
    if not _TOKEN.match(token):
        raise ValueError("not an upload token")
    return uploads_root() / token


def keep(token: str, slot: int, image: CleanImage) -> None:
    folder = _folder(token)
    folder.mkdir(parents=True, exist_ok=True)
    discard(token, slot)
    (folder / image.name).write_bytes(image.content)
    meta = {
        "name": image.name,
        "width": image.width,
        "height": image.height,
        "sha256": image.sha256,
        "content_type": image.content_type,
        "original_format": image.original_format,
    }
    (folder / f"{slot}.json").write_text(json.dumps(meta))


def kept(token: str) -> dict[int, CleanImage]:
    """Every photograph kept under this token, by its slot in the form."""
    folder = _folder(token)
    found = {}
    for meta_file in folder.glob("*.json") if folder.is_dir() else ():
        try:
            slot = int(meta_file.stem)
            meta = json.loads(meta_file.read_text())
            if not _NAME.match(meta["name"]):
                continue
            content = (folder / meta["name"]).read_bytes()
        except (ValueError, KeyError, OSError):
            continue
        found[slot] = CleanImage(content=content, **meta)
    return found


def discard(token: str, slot: int) -> None:
    meta_file = _folder(token) / f"{slot}.json"
    try:
        name = json.loads(meta_file.read_text())["name"]
    except (OSError, ValueError, KeyError):
        return
    if _NAME.match(name):
        (meta_file.parent / name).unlink(missing_ok=True)
    meta_file.unlink(missing_ok=True)


def touch(token: str) -> None:
    """The form went back to the family: its photographs are kept a full day from now."""
    folder = _folder(token)
    if folder.is_dir():
        folder.touch()


def discard_all(token: str) -> None:
    shutil.rmtree(_folder(token), ignore_errors=True)


def prune(max_age_seconds: int) -> int:
    """Delete kept photographs older than `max_age_seconds`; the number of folders removed."""
    root = uploads_root()
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age_seconds
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and _TOKEN.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
