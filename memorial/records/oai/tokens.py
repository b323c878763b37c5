"""Resumption tokens: the whole harvest state in the token, signed; nothing kept on the server.

A token carries the verb, the query (set, from, until as given), the keyset cursor (the
last record's exact datestamp and page id), how many records came before, and the list
size counted on the first request. Any app process can continue any harvest.
"""

import datetime

from django.core import signing

SALT = "memorial.records.oai.resumption"


class BadToken(Exception):
    pass


def make_token(verb, arguments, last, cursor, total) -> str:
    stamp, pk = last
    payload = {
        "verb": verb,
        "args": {key: arguments[key] for key in ("set", "from", "until") if key in arguments},
        "after": [stamp.isoformat(), pk],
        "cursor": cursor,
        "total": total,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, verb: str) -> dict:
    """The decoded state, with `after` as (aware datetime, pk); BadToken if not ours."""
    try:
        payload = signing.loads(token, salt=SALT)
        if payload["verb"] != verb:
            raise BadToken("This token belongs to another verb.")
        stamp, pk = payload["after"]
        payload["after"] = (datetime.datetime.fromisoformat(stamp), int(pk))
        if payload["after"][0].tzinfo is None or not isinstance(payload["args"], dict):
            raise BadToken("Malformed token.")
        payload["cursor"] = int(payload["cursor"])
        if payload["total"] is not None:  # None: a list too long to count (COUNT_LIMIT)
            payload["total"] = int(payload["total"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken("The resumption token is not valid.") from error
    return payload
