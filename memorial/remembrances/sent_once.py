"""A family form is stored once, however often it is sent (a double click, a resend).

Each form carries its signed upload token from the first page load, and the Submission
keeps it in a unique column: not a check before storing, since two sendings at the same
moment would both pass it, but a constraint only one insert passes.
"""

from django.db import IntegrityError

from .models import Submission


class AlreadyReceived(Exception):
    """This very form was stored before: nothing is stored again."""


def store_once(store, token: str):
    """`store()`, or AlreadyReceived when a Submission with this form's token exists."""
    try:
        return store()
    except IntegrityError:
        if Submission.objects.filter(upload_token=token).exists():
            raise AlreadyReceived from None
        raise
