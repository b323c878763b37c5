"""Keying again the rows whose unique key (memorial.core.names.same_name_key) a change of
its rules gives a new value, in data migrations."""

from collections.abc import Callable


def rekey_unique(model, key_of: Callable[..., str], fields: tuple[str, ...]) -> int:
    """Give each row of `model` the key `key_of(*fields)` gives it now; only rows whose key
    changes are written. Returns how many were.

    Rows now sharing a key are not merged here (other records point at each of them): a
    row whose new key another row holds gets its id added (`key\n#id`), as when the keys
    were made, and its editor names the other one when it is next saved."""
    rows = list(model.objects.order_by("pk").values_list("pk", "key", *fields))
    wanted = {pk: key_of(*values) for pk, _key, *values in rows}

    def kept(pk, key):
        return key in (wanted[pk], f"{wanted[pk]}\n#{pk}")

    changing = [pk for pk, key, *_ in rows if not kept(pk, key)]
    taken = {key for pk, key, *_ in rows if kept(pk, key)}
    # Old keys are let go first: a row may want the key another changing row still holds.
    for pk in changing:
        model.objects.filter(pk=pk).update(key=f"\n#{pk}")
    for pk in changing:
        key = wanted[pk] if wanted[pk] not in taken else f"{wanted[pk]}\n#{pk}"
        taken.add(key)
        model.objects.filter(pk=pk).update(key=key)
    return len(changing)
