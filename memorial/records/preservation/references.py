"""Which stored files a page uses, and where each one lies in the bag.

References are read from StreamField raw data, so finding them costs no query per block;
`FileIndex` then turns ids into bag paths with one query per kind for a whole chunk.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import AbstractMediaChooserBlock

from memorial.core.converters import DatabaseId
from memorial.core.models import ArchiveImage, ArchiveMedia

# kind → (model getter, directory under data/)
KIND_DIRECTORIES = {"images": "images", "media": "media", "documents": "documents"}
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def model_for(kind: str):
    return {"images": ArchiveImage, "media": ArchiveMedia, "documents": get_document_model()}[kind]


def bag_path(kind: str, pk: int, file_name: str) -> str:
    """'images/12-portrait.jpg': the id keeps names unique, the name keeps them readable."""
    name = UNSAFE.sub("_", PurePosixPath(file_name or "").name).strip("._") or "file"
    return f"{KIND_DIRECTORIES[kind]}/{pk}-{name[:120]}"


@dataclass
class References:
    """Ids of stored files, by kind."""

    images: set = field(default_factory=set)
    media: set = field(default_factory=set)
    documents: set = field(default_factory=set)

    def add(self, kind: str, pk) -> None:
        if isinstance(pk, int) and not isinstance(pk, bool):
            getattr(self, kind).add(pk)
        elif (number := DatabaseId.parse(pk)) is not None:
            getattr(self, kind).add(number)

    def update(self, other: "References") -> None:
        for kind in KIND_DIRECTORIES:
            getattr(self, kind).update(getattr(other, kind))


def _list_items(block: blocks.ListBlock, raw):
    for item in raw or []:
        yield item["value"] if block._item_is_in_block_format(item) else item


def collect(block, raw, refs: References) -> References:
    """Add the files referenced by `raw` (stored JSON of `block`) to `refs`."""
    if raw is None:
        return refs
    if isinstance(block, ImageChooserBlock):
        refs.add("images", raw)
    elif isinstance(block, AbstractMediaChooserBlock):
        refs.add("media", raw)
    elif isinstance(block, DocumentChooserBlock):
        refs.add("documents", raw)
    elif isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                collect(child_block, child.get("value"), refs)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            collect(child_block, raw.get(name), refs)
    elif isinstance(block, blocks.ListBlock):
        for item in _list_items(block, raw):
            collect(block.child_block, item, refs)
    return refs


def stream_references(instance, field_name: str, refs: References | None = None) -> References:
    stream_block = instance._meta.get_field(field_name).stream_block
    raw = list(getattr(instance, field_name).raw_data)
    return collect(stream_block, raw, refs if refs is not None else References())


def prefetch_streams(instances, field_name: str) -> list[list]:
    """Load a StreamField's objects (images, places, pages…) for many instances at once.

    Without this, reading each instance's stream costs a query per chooser block type.
    Returns each instance's stored (raw) data, which is what the bag keeps.
    """
    if not instances:
        return []
    stream_block = instances[0]._meta.get_field(field_name).stream_block
    raws = [list(getattr(instance, field_name).raw_data) for instance in instances]
    for instance, value in zip(instances, stream_block.bulk_to_python(raws), strict=True):
        setattr(instance, field_name, value)
    return raws


class FileIndex:
    """Bag paths for referenced files, looked up a chunk at a time."""

    def __init__(self):
        self.paths = {kind: {} for kind in KIND_DIRECTORIES}

    def load(self, refs: References) -> None:
        for kind in KIND_DIRECTORIES:
            wanted = getattr(refs, kind) - self.paths[kind].keys()
            if not wanted:
                continue
            rows = model_for(kind).objects.filter(pk__in=wanted).values_list("pk", "file")
            found = dict(rows)
            for pk in wanted:
                self.paths[kind][pk] = bag_path(kind, pk, found[pk]) if pk in found else None

    def forget(self) -> None:
        """Drop what one chunk needed, so memory stays flat over a long export."""
        for paths in self.paths.values():
            paths.clear()

    def ref(self, kind: str, pk) -> dict | None:
        if pk is None:
            return None
        path = self.paths[kind].get(pk)
        return {"id": pk, "path": f"data/{path}" if path else None}

    def refs(self, kind: str, pks) -> list[dict]:
        return [self.ref(kind, pk) for pk in sorted(pks)]
