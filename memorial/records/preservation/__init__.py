"""Preservation: BagIt copies of the archive and fixity checks of stored originals.

- `bag.BagWriter` writes a BagIt 1.0 bag, hashing every file once, as it is written.
- `export.export_bag()` fills one with entries, testimonies, galleries and original files.
- `fixity.check_fixity()` re-hashes stored originals against the checksums taken at ingest.
- `document_checksums` records documents' checksums (their Wagtail model has no field for one).

`manage.py export_bag` and `manage.py verify_fixity` are the commands around them.
"""
