"""Whole-archive backup and restore: the database as portable JSON Lines, every file, a manifest.

`manage.py backup DIR` and `manage.py restore DIR` are thin wrappers around
`write_backup` and `restore_backup`. A backup made on SQLite restores on PostgreSQL and the
other way round; every file and the database dump carry a SHA-256 in DIR/manifest.json,
and restore checks them all before it changes anything.
"""

from .errors import BackupError
from .restore import restore_backup
from .write import write_backup

__all__ = ["BackupError", "restore_backup", "write_backup"]
