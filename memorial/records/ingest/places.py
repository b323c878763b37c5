"""Places named in rows are reused by name (and region), or created once."""

from memorial.entries.models import Place


def split_label(label: str) -> tuple[str, str]:
    """'Name, Region' → ('Name', 'Region'); a place with no region is just its name."""
    name, _, region = label.rpartition(", ")
    return (name, region) if name else (label, "")


class PlaceResolver:
    def __init__(self):
        self.ids: dict[str, int] = {}

    def resolve(self, labels: set[str]) -> None:
        wanted = {label for label in labels if label and label not in self.ids}
        if not wanted:
            return
        # An existing place named exactly like the whole label wins over a split.
        for place in Place.objects.filter(name__in=wanted, region=""):
            self.ids[place.name] = place.pk
        wanted -= set(self.ids)
        pairs = {label: split_label(label) for label in wanted}
        for place in Place.objects.filter(name__in={name for name, _ in pairs.values()}):
            label = f"{place.name}, {place.region}" if place.region else place.name
            if label in pairs:
                self.ids[label] = place.pk
        missing = [label for label in wanted if label not in self.ids]
        Place.objects.bulk_create(
            [Place(name=pairs[label][0], region=pairs[label][1]) for label in missing],
            ignore_conflicts=True,
        )
        for label in missing:
            name, region = pairs[label]
            self.ids[label] = Place.objects.only("pk").get(name=name, region=region).pk

    def id_for(self, label: str) -> int | None:
        return self.ids.get(label) if label else None
