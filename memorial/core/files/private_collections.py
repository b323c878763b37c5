"""Which collections are private: under a view restriction, their own or an ancestor's.

Such a collection's files are refused to the public (visibility.py), so public pages leave
them out rather than show a picture that cannot load, or link a file by its name.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction

from memorial.core.privacy import request_memoised


def private_collection_ids() -> set[int]:
    """Read once per request (privacy.request_scope)."""
    return request_memoised("private-collections", _private_collection_ids)


def _private_collection_ids() -> set[int]:
    paths = set(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return set()
    beneath = reduce(or_, (Q(path__startswith=path) for path in paths))
    return set(Collection.objects.filter(beneath).values_list("pk", flat=True))


def shown_publicly(item) -> bool:
    """Whether public pages show this image or recording: there is one, outside a private
    collection."""
    return item is not None and item.collection_id not in private_collection_ids()


def excluding_private(queryset, collection_field: str):
    """`queryset` without rows whose `collection_field` names a private collection. With no
    private collection, unchanged: the condition would join the images table for nothing."""
    private = private_collection_ids()
    return queryset.exclude(**{f"{collection_field}__in": private}) if private else queryset
