"""A database that stops answering, for the outage tests."""

import contextlib
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

# What a real driver says: a host name and an address that must never reach a visitor.
REFUSAL = (
    'connection to server at "db.internal.example" (10.20.30.40), port 5432 failed: '
    "Connection refused"
)


def _refuse(self, *args, **kwargs):
    raise OperationalError(REFUSAL)


@contextlib.contextmanager
def database_down():
    """Every new query fails as if the server were unreachable, until the block ends."""
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", _refuse):
        yield


@pytest.fixture
def outage():
    return database_down
