"""Merging a duplicate snippet (a place, a keyword) into the one kept.

Two rows may name one thing: duplicates the key migrations kept apart (entries 0007,
testimonies 0004), or two spellings of one town that no key can tell ("Quba", "Guba").
A merge moves every reference to the duplicate onto the kept one and deletes the
duplicate, in one transaction:

- foreign keys and many-to-many rows pointing at it, found from the model's relations (a
  new relation is followed without a change here): one UPDATE per foreign key, three
  queries per many-to-many (a row that would be doubled is dropped);
- StreamField blocks choosing it, in the objects Wagtail's reference index names: their
  stored data rewritten, one SELECT and one UPDATE per model;
- the latest and the live revision of every page concerned, and every draft naming it: a
  draft stays a draft, nothing is published;
- the reference index itself, copied onto the kept one rather than rebuilt page by page.

The kept model's `absorb(duplicate)` keeps what only the duplicate knew (a place's name
among the kept one's other names) and says what it took. Caches and proxies are renewed
and purged for the pages that showed either, and `shown_snippet_changed` is sent for the
duplicate (OAI-PMH datestamps, the search index), as for a rename in any other way.
"""

import copy
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Count
from django.utils.text import capfirst
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, Revision

from .shown_snippets import (
    ids_of_pages_showing,
    renew_what_shows,
    renewed_by_caller,
    routes_showing,
    shown_snippet_changed,
)

MERGE_ACTION = "memorial.merge"


class MergeRefused(Exception):
    """A merge that must not be made; the message tells the archivist why."""


@dataclass
class Change:
    what: str
    count: int


def refusal(duplicate, kept, present=None) -> str | None:
    """Why these two cannot be merged, or None. `present`: the pks of the two still stored,
    when already read."""
    model = type(kept)
    if type(duplicate) is not model:
        return "Only two of the same kind can be merged."
    if duplicate.pk == kept.pk:
        return f"“{kept}” cannot be merged into itself."
    if present is None:
        pks = [pk for pk in (duplicate.pk, kept.pk) if pk is not None]
        present = set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
    if kept.pk not in present:
        return f"“{kept}” is no longer in the archive: choose another to keep."
    if duplicate.pk not in present:
        return f"“{duplicate}” is no longer in the archive: it may have been merged already."
    return None


def taken_over(duplicate, kept) -> list[str]:
    """What `kept` would take from `duplicate` (its `absorb`), without changing it; raises
    MergeRefused when the two cannot be one."""
    absorb = getattr(copy.copy(kept), "absorb", None)
    return absorb(duplicate) if absorb else []


# What changes -------------------------------------------------------------------------


def _relations(model):
    """Foreign keys and many-to-many fields elsewhere that point at `model`, also those
    without a way back (related_name="+"); a many-to-many's own rows come as the latter."""
    for rel in model._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete:
            continue
        if rel.many_to_many or (rel.one_to_many and not rel.related_model._meta.auto_created):
            yield rel


def _m2m_columns(rel):
    return rel.field.m2m_field_name(), rel.field.m2m_reverse_field_name()


def what_changes(duplicate, kept) -> list[Change]:
    """What a merge would move, for the confirmation page: the reference index's rows (fields
    and StreamField blocks), many-to-many rows (which the index does not follow), drafts."""
    changes = []
    rows = (
        ReferenceIndex.get_references_to(duplicate)
        .values("content_type_id", "model_path")
        .annotate(objects=Count("object_id", distinct=True), places=Count("id"))
        .order_by("content_type_id", "model_path")
    )
    for row in rows:
        reference = ReferenceIndex(
            content_type_id=row["content_type_id"], model_path=row["model_path"]
        )
        source = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        where = f"{capfirst(source._meta.verbose_name_plural)}: {reference.describe_source_field()}"
        if isinstance(reference.source_field, StreamField):
            changes.append(Change(f"{where} (blocks)", row["places"]))
        else:
            changes.append(Change(where, row["objects"]))
    for rel in _relations(type(duplicate)):
        if rel.many_to_many:
            _, target = _m2m_columns(rel)
            count = rel.through._base_manager.filter(**{target: duplicate.pk}).count()
            if count:
                owners = capfirst(rel.related_model._meta.verbose_name_plural)
                changes.append(Change(f"{owners}: {capfirst(rel.field.verbose_name)}", count))
    if drafts := len(_draft_revisions_naming(duplicate)):
        changes.append(Change("Drafts naming it (they stay drafts)", drafts))
    return changes


# Rewriting stored data ------------------------------------------------------------------


def _same(value, pk) -> bool:
    return value is not None and str(value) == str(pk)


def _replaced(block, raw, target, old, new):
    """(raw data of `block` with every choice of `old` made `new`, whether any was)."""
    if raw is None:
        return raw, False
    if isinstance(block, blocks.ChooserBlock):
        chosen = getattr(block, "target_model", None)
        if chosen is not None and issubclass(target, chosen) and _same(raw, old):
            return new, True
        return raw, False
    changed = False
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                child["value"], hit = _replaced(child_block, child.get("value"), target, old, new)
                changed |= hit
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            if name in raw:
                raw[name], hit = _replaced(child_block, raw[name], target, old, new)
                changed |= hit
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            if block._item_is_in_block_format(item):
                item["value"], hit = _replaced(block.child_block, item["value"], target, old, new)
            else:
                raw[index], hit = _replaced(block.child_block, item, target, old, new)
            changed |= hit
    return raw, changed


def _rewrite_content(model, content: dict, target, old, new) -> bool:
    """Rewrite a revision's serialised object (and its child rows) in place."""
    changed = False
    for field in model._meta.get_fields():
        if field.name not in content:
            continue
        value = content[field.name]
        if isinstance(field, StreamField):
            raw = json.loads(value) if isinstance(value, str) else value
            raw, hit = _replaced(field.stream_block, raw, target, old, new)
            if hit:
                content[field.name] = (
                    json.dumps(raw, cls=DjangoJSONEncoder) if isinstance(value, str) else raw
                )
                changed = True
        elif field.concrete and field.is_relation and field.related_model is target:
            if field.many_to_one and _same(value, old):
                content[field.name] = new
                changed = True
            elif (
                field.many_to_many and isinstance(value, list) and any(_same(v, old) for v in value)
            ):
                kept = [v for v in value if not _same(v, old)]
                content[field.name] = kept if any(_same(v, new) for v in kept) else [*kept, new]
                changed = True
        elif field.one_to_many and not field.concrete and isinstance(value, list):
            for child in value:
                if isinstance(child, dict):
                    changed |= _rewrite_content(field.related_model, child, target, old, new)
    return changed


def _names(model, content: dict, instance) -> bool:
    pk = instance.pk
    return _rewrite_content(model, copy.deepcopy(content), type(instance), pk, pk)


def _draft_revisions_naming(instance) -> list[Revision]:
    """Latest revisions of pages with unpublished changes whose content names `instance`:
    every draft is read (drafts are few beside pages), in one query."""
    latest = Page.objects.filter(has_unpublished_changes=True).values("latest_revision_id")
    found = []
    for revision in Revision.objects.filter(pk__in=latest):
        model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
        if model and _names(model, revision.content, instance):
            found.append(revision)
    return found


def _parental_key(model):
    for field in model._meta.get_fields():
        if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
            return field
    return None


def _page_ids(model, pks) -> set[int]:
    """The pages that hold these rows: the rows themselves, or their parent pages."""
    if issubclass(model, Page):
        return {int(pk) for pk in pks}
    if parent := _parental_key(model):
        return set(model._base_manager.filter(pk__in=pks).values_list(parent.attname, flat=True))
    return set()


def _move_relations(duplicate, kept) -> set[int]:
    """Point every foreign key and many-to-many row at `kept`; the pages that changed."""
    pages = set()
    for rel in _relations(type(duplicate)):
        owner = rel.related_model
        if rel.many_to_many:
            through = rel.through._base_manager
            source, target = _m2m_columns(rel)
            naming = through.filter(**{target: duplicate.pk})
            pages |= _page_ids(owner, naming.values_list(source, flat=True))
            already = through.filter(**{target: kept.pk}).values(source)
            naming.filter(**{f"{source}__in": already}).delete()
            naming.update(**{target: kept.pk})
        else:
            naming = owner._base_manager.filter(**{rel.field.name: duplicate})
            if owner is type(kept):  # a broader term: the kept one's own was settled by absorb
                naming = naming.exclude(pk=kept.pk)
            if issubclass(owner, Page) or _parental_key(owner):
                pages |= _page_ids(owner, naming.values_list("pk", flat=True))
            naming.update(**{rel.field.name: kept})
    return pages


def _move_stream_blocks(duplicate, kept, references) -> set[int]:
    """Rewrite StreamField blocks choosing `duplicate` in the objects the index names."""
    by_field = {}
    for reference in references:
        model = ContentType.objects.get_for_id(reference.content_type_id).model_class()
        field = model._meta.get_field(reference.model_path.split(".")[0]) if model else None
        if isinstance(field, StreamField):
            by_field.setdefault((model, field.name), set()).add(reference.object_id)
    pages = set()
    for (model, name), pks in by_field.items():
        stream_block = model._meta.get_field(name).stream_block
        changed = []
        for instance in model._base_manager.filter(pk__in=pks).only(name):
            raw = list(getattr(instance, name).raw_data)
            raw, hit = _replaced(stream_block, raw, type(kept), duplicate.pk, kept.pk)
            if hit:
                setattr(instance, name, raw)
                changed.append(instance)
        model._base_manager.bulk_update(changed, [name], batch_size=500)
        if issubclass(model, Page):
            pages.update(instance.pk for instance in changed)
    return pages


def _rewrite_revisions(duplicate, kept, page_ids) -> None:
    pages = Page.objects.filter(pk__in=page_ids)
    wanted = set(pages.values_list("latest_revision_id", flat=True))
    wanted |= set(pages.values_list("live_revision_id", flat=True))
    revisions = list(Revision.objects.filter(pk__in=wanted - {None}))
    seen = {revision.pk for revision in revisions}
    revisions += [r for r in _draft_revisions_naming(duplicate) if r.pk not in seen]
    changed = []
    for revision in revisions:
        model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
        if model and _rewrite_content(model, revision.content, type(kept), duplicate.pk, kept.pk):
            changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=200)


def _move_index_rows(duplicate, references, kept) -> None:
    """The reference index's rows naming the duplicate name the kept one (a model with no
    references of its own, as a place, is not followed by the index's delete signal)."""
    ReferenceIndex.get_references_to(duplicate).delete()
    ReferenceIndex.objects.bulk_create(
        [
            ReferenceIndex(
                content_type_id=reference.content_type_id,
                base_content_type_id=reference.base_content_type_id,
                object_id=reference.object_id,
                to_content_type_id=reference.to_content_type_id,
                to_object_id=str(kept.pk),
                model_path=reference.model_path,
                content_path=reference.content_path,
                content_path_hash=reference.content_path_hash,
            )
            for reference in references
        ],
        ignore_conflicts=True,
    )


def merge(duplicate, kept, user=None) -> list[str]:
    """Fold `duplicate` into `kept` and delete it; returns what `kept` took from it."""
    model = type(kept)
    with transaction.atomic():
        locked = model._base_manager.select_for_update().in_bulk([duplicate.pk, kept.pk])
        if problem := refusal(duplicate, kept, present=set(locked)):
            raise MergeRefused(problem)
        duplicate, kept = locked[duplicate.pk], locked[kept.pk]
        # While the duplicate's references are still its own: what shows either of the two
        # (renewed and purged once merged), and the duplicate changing for every listener
        # (OAI-PMH dates the records naming it, search indexes its testimonies anew).
        showing = (ids_of_pages_showing([duplicate, kept]), routes_showing([duplicate, kept]))
        shown_snippet_changed.send(sender=model, instance=duplicate)
        taken = kept.absorb(duplicate) if hasattr(kept, "absorb") else []
        with renewed_by_caller(kept):
            kept.save()
        own_type = ReferenceIndex._get_base_content_type(kept)
        # Not the kept one's own rows: its save has them indexed anew.
        references = [
            r
            for r in ReferenceIndex.get_references_to(duplicate)
            if not (r.base_content_type_id == own_type.pk and r.object_id == str(kept.pk))
        ]
        pages = _move_relations(duplicate, kept)
        pages |= _move_stream_blocks(duplicate, kept, references)
        page_type = ContentType.objects.get_for_model(Page)
        pages |= {int(r.object_id) for r in references if r.base_content_type_id == page_type.pk}
        _rewrite_revisions(duplicate, kept, pages)
        _move_index_rows(duplicate, references, kept)
        log(
            instance=kept,
            action=MERGE_ACTION,
            user=user,
            data={
                "duplicate": {"id": duplicate.pk, "title": str(duplicate)},
                "kept": {"id": kept.pk, "title": str(kept)},
                "taken": taken,
            },
        )
        with renewed_by_caller(duplicate):
            duplicate.delete()
        renew_what_shows(*showing)
    return taken
