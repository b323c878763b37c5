"""Memorial entries: one page per fictional person, created once, in small transactions."""

from anyascii import anyascii
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from memorial.core.orderable import in_order
from memorial.entries.models import (
    EntryNameVariant,
    EntryRelationship,
    EntrySource,
    MemorialEntryPage,
)

from . import images, names, people, texts
from .common import rng_for
from .files import existing_images, save_image

BATCH = 25
PORTRAIT_SHARE = 0.6
PORTRAIT_PREFIX = "Demo portrait "


def build_entries(builder):
    count = builder.count
    existing = dict(
        MemorialEntryPage.objects.filter(identifier__startswith="demo-").values_list(
            "identifier", "pk"
        )
    )
    missing = [m for m in people.members(builder.seed, count) if m.identifier not in existing]
    done = count - len(missing)
    if not missing:
        builder.progress(f"Entries: {done}/{count} (all present)")
        return
    portraits = existing_images(PORTRAIT_PREFIX)
    parents = {key: Page.objects.get(pk=page.pk) for key, page in builder.collections.items()}
    slugs = {
        key: set(Page.objects.child_of(parent).values_list("slug", flat=True))
        for key, parent in parents.items()
    }
    for start in range(0, len(missing), BATCH):
        # Wagtail re-indexes a page's references once per saved inline row; do it once.
        with transaction.atomic(), disable_reference_index_auto_update():
            for member in missing[start : start + BATCH]:
                page = make_entry(builder, member, existing, portraits, slugs[member.collection])
                parents[member.collection].add_child(instance=page)
                ReferenceIndex.create_or_update_for_object(page)
                existing[member.identifier] = page.pk
                builder.created["entries"] += 1
                done += 1
                if done % 20 == 0 or done == count:
                    builder.progress(f"Entries: {done}/{count}")


def free_slug(title: str, number: int, taken: set) -> str:
    base = slugify(anyascii(title))[:60].strip("-") or "entry"
    slug = base if base not in taken else f"{base}-{number}"
    while slug in taken:
        slug += "-x"
    taken.add(slug)
    return slug


def make_entry(builder, member, existing, portraits, taken_slugs) -> MemorialEntryPage:
    seed, number = builder.seed, member.number
    rng = rng_for(seed, "entry-text", number)
    places = builder.places[member.collection]
    occupation = texts.occupation(member, rng)
    portrait = None
    if rng.random() < PORTRAIT_SHARE:
        portrait = portrait_for(builder, member, portraits)
    person = member.name
    title = person.full if person.given else f"{person.family} (given name not recorded)"
    now = timezone.now()
    page = MemorialEntryPage(
        title=title,
        slug=free_slug(names.latin(title, person.locale), number, taken_slugs),
        given_name=person.given,
        patronymic=person.patronymic,
        family_name=person.family,
        birth_name=person.birth_name,
        sex=member.sex,
        occupation=occupation,
        portrait=portrait,
        identifier=member.identifier,
        birth_date=member.birth_date,
        birth_date_precision=member.birth_precision,
        birth_place=places[member.birth_place] if member.birth_place is not None else None,
        death_date=member.death_date,
        death_date_precision=member.death_precision,
        death_place=places[member.death_place] if member.death_place is not None else None,
        circumstances_of_death=texts.circumstances(member, places, rng),
        biography=texts.biography(member, member.relatives(), places, occupation, rng),
        first_published_at=now,
        last_published_at=now,
    )
    page.name_variants = in_order(
        EntryNameVariant(name=name, script=script, language=lang, note=note)
        for name, script, lang, note in names.variants(person, rng)
    )
    page.sources = in_order(EntrySource(**row) for row in texts.sources(member, places, rng))
    page.relationships = in_order(
        EntryRelationship(relation=relation, related_entry_id=existing[other.identifier], note=note)
        for relation, other, note in member.relatives()
        if other.identifier in existing
    )
    return page


def portrait_for(builder, member, portraits):
    title = f"{PORTRAIT_PREFIX}{member.identifier}"
    if title in portraits:
        return portraits[title]
    rng = rng_for(builder.seed, "portrait", member.number)
    taken = member.birth_year + rng.randint(min(4, member.age), max(4, member.age - 1))
    data = images.portrait(rng, member.sex, member.age)
    return save_image(
        title,
        data,
        f"demo-portrait-{member.number:05d}.jpg",
        images.PORTRAIT_SIZE,
        date_description=f"c. {min(taken, 1939)}",
    )
