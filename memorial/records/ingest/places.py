"""Places named in rows are reused by name (and region), or created once.

Names are matched by Place's key, so "guba, north" finds "Guba, North"."""

from memorial.core.names import tidy
from memorial.entries.models import Place
from memorial.entries.models.places import place_key, split_label

__all__ = ["PlaceResolver", "split_label"]


# What a dry run's resolver gives for a place an import would create: equal to no place's id.
NEW_PLACE = object()


class PlaceResolver:
    def __init__(self, create: bool = True):
        self.ids: dict[str, int] = {}
        self.create = create  # False for a dry run: a missing place is NEW_PLACE

    def resolve(self, labels: set[str]) -> None:
        wanted = {label for label in labels if label and label not in self.ids}
        if not wanted:
            return
        # An existing place named exactly like the whole label wins over a split.
        whole = {label: place_key(label) for label in wanted}
        split = {label: place_key(*split_label(label)) for label in wanted}
        found = dict(
            Place.objects.filter(key__in={*whole.values(), *split.values()}).values_list(
                "key", "pk"
            )
        )
        for label in wanted:
            pk = found.get(whole[label]) or found.get(split[label])
            if pk is not None:
                self.ids[label] = pk
        # In key order: two imports adding the same new places at once then take their
        # unique-key locks in one order, and one waits instead of both deadlocking.
        missing = sorted((label for label in wanted if label not in self.ids), key=split.get)
        if not self.create:
            self.ids.update(dict.fromkeys(missing, NEW_PLACE))
            return
        Place.objects.bulk_create(
            [self._new_place(label) for label in missing], ignore_conflicts=True
        )
        created = dict(
            Place.objects.filter(key__in={split[label] for label in missing}).values_list(
                "key", "pk"
            )
        )
        for label in missing:
            self.ids[label] = created[split[label]]

    @staticmethod
    def _new_place(label: str) -> Place:
        name, region = (tidy(part) for part in split_label(label))
        return Place(name=name, region=region, key=place_key(name, region))

    def id_for(self, label: str) -> int | None:
        return self.ids.get(label) if label else None
