"""Settings of the separate process that restores into a new environment: the test settings,
with the database from DATABASE_URL and the file areas the test names (not temporary ones)."""

import os
from pathlib import Path

from memorial.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ["MEDIA_ROOT"]
PRIVATE_FILES_ROOT = Path(os.environ["PRIVATE_FILES_ROOT"])
