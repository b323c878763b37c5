"""`--update`: bring an existing entry in line with its row, as a new published revision."""

from dataclasses import dataclass, field

from memorial.core.names import fit_title
from memorial.core.orderable import in_order
from memorial.entries.models import EntryNameVariant, EntrySource, MemorialEntryPage

from ..biography_text import markdown_to_blocks, stream_to_markdown
from ..entry_records import record_date
from .parsing import EntryData, guess_script
from .rows import DATA_FIELDS

TEXT_BLOCKS = {"paragraph", "heading", "quote"}
# Compared and copied as they are; dates are compared at their precision below.
SIMPLE_FIELDS = tuple(
    name for name in DATA_FIELDS if name != "identifier" and not name.endswith("_date")
)


@dataclass
class UpdateOutcome:
    changed: bool
    warnings: list[str] = field(default_factory=list)


def _same_date(entry, data, prefix) -> bool:
    precision = getattr(data, f"{prefix}_date_precision")
    return record_date(getattr(entry, f"{prefix}_date"), precision) == record_date(
        getattr(data, f"{prefix}_date"), precision
    )


def apply_update(pk: int, data: EntryData, places) -> UpdateOutcome:
    return _update(pk, data, places, write=True)


def planned_update(pk: int, data: EntryData, places) -> UpdateOutcome:
    """What `apply_update` would do, for a dry run: the same outcome, nothing written
    (`places` should be a resolver that creates no place)."""
    return _update(pk, data, places, write=False)


def _update(pk: int, data: EntryData, places, write: bool) -> UpdateOutcome:
    entry = MemorialEntryPage.objects.prefetch_related("name_variants", "sources").get(pk=pk)
    places.resolve({data.birth_place, data.death_place})
    outcome = UpdateOutcome(changed=False)
    title_was_composed = entry.title == fit_title(entry.display_name)
    for name in SIMPLE_FIELDS:
        if getattr(entry, name) != getattr(data, name):
            setattr(entry, name, getattr(data, name))
            outcome.changed = True
    for prefix in ("birth", "death"):
        if not _same_date(entry, data, prefix):
            setattr(entry, f"{prefix}_date", getattr(data, f"{prefix}_date"))
            outcome.changed = True
        place_id = places.id_for(getattr(data, f"{prefix}_place"))
        if getattr(entry, f"{prefix}_place_id") != place_id:
            setattr(entry, f"{prefix}_place_id", place_id)
            outcome.changed = True

    new_blocks = markdown_to_blocks(data.biography_text)
    if stream_to_markdown(entry.biography) != stream_to_markdown(
        entry.biography.stream_block.to_python(new_blocks)
    ):
        if any(block.block_type not in TEXT_BLOCKS for block in entry.biography):
            outcome.warnings.append(
                f"{data.identifier}: biography not updated, because it holds pictures or other "
                "blocks an import cannot carry; edit it in the admin."
            )
        else:
            entry.biography = new_blocks
            outcome.changed = True

    variants_changed = [v.name for v in entry.name_variants.all()] != data.name_variants
    sources_changed = [s.citation for s in entry.sources.all()] != data.sources
    if not (outcome.changed or variants_changed or sources_changed):
        return outcome
    # Publishing the row would publish a draft (a proposal in moderation, an entry taken
    # down) or put an archivist's unpublished draft out of the editor's reach.
    if not entry.live or entry.has_unpublished_changes:
        why = "it is not published" if not entry.live else "it has changes not yet published"
        return UpdateOutcome(
            changed=False,
            warnings=[
                *outcome.warnings,
                f"{data.identifier}: not updated, because {why}; edit it in the admin.",
            ],
        )
    outcome.changed = True
    if not write:
        return outcome
    if variants_changed:
        entry.name_variants = in_order(
            EntryNameVariant(name=name, script=guess_script(name)) for name in data.name_variants
        )
    if sources_changed:
        entry.sources = in_order(EntrySource(citation=citation) for citation in data.sources)
    if title_was_composed:
        entry.title = ""  # recomposed from the corrected names; a title set by hand stays
    entry.derive_fields()
    entry.draft_title = entry.title
    revision = entry.save_revision(log_action="wagtail.edit")
    revision.publish()
    return outcome
