"""Fixity: a SHA-256 of every stored original, computed as the file is saved."""

import hashlib

CHUNK_SIZE = 1024 * 1024


def sha256_of_file(field_file) -> str:
    """Hash a Django FieldFile (or any file-like object) without loading it whole."""
    digest = hashlib.sha256()
    file_obj = getattr(field_file, "file", field_file)
    position = file_obj.tell() if hasattr(file_obj, "tell") else None
    if hasattr(file_obj, "seek"):
        file_obj.seek(0)
    for chunk in iter(lambda: file_obj.read(CHUNK_SIZE), b""):
        digest.update(chunk)
    if position is not None:
        file_obj.seek(position)
    return digest.hexdigest()


class ChecksumMixin:
    """For models with a `file` field and a `sha256` field: hash new originals on save."""

    def prepare_original(self, field_file) -> None:
        """Change a new original's bytes (not yet stored, or stored without a checksum) just
        before they are hashed, so that the checksum is of the bytes kept."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        if "file" in loaded and "sha256" in loaded:
            instance._hashed = (str(loaded["file"] or ""), loaded["sha256"])
        return instance

    def _file_replaced(self, file_field) -> bool:
        """Stored under another name since its checksum was taken, the checksum left as it
        was: `instance.file.save(name, content)` stores the file first, then saves."""
        hashed_name, hashed_sha256 = getattr(self, "_hashed", (None, None))
        return (
            hashed_name is not None
            and hashed_name != file_field.name
            and (hashed_sha256 == self.sha256)
        )

    def save(self, *args, **kwargs):
        file_field = self.file
        if file_field and not getattr(file_field, "_committed", True):
            self.prepare_original(file_field)
            self.sha256 = sha256_of_file(file_field)
        elif file_field and (not self.sha256 or self._file_replaced(file_field)):
            self.sha256 = ""
            self.prepare_original(file_field)
            try:
                with file_field.open("rb") as handle:
                    self.sha256 = sha256_of_file(handle)
            except OSError:
                pass  # a missing original is for the fixity check to report, not for save to hide

        super().save(*args, **kwargs)
        self._hashed = (file_field.name or "", self.sha256)
