"""Testimonies and galleries: a handful of pages that point at the entries."""

import datetime

from django.utils.html import escape
from wagtail.models import Page

from memorial.core.orderable import in_order
from memorial.entries.models import MemorialEntryPage
from memorial.galleries.models import GalleryPage
from memorial.testimonies.models import (
    ConsentRecord,
    ConsentStatus,
    TestimonyLanguage,
    TestimonyMention,
    TestimonyPage,
    TranscriptSegment,
)

from . import audio, images, names, people
from .common import PHOTO_YEARS, block_id, rng_for
from .files import existing_images, get_or_save_media, save_image
from .site_texts import GALLERIES
from .testimony_texts import CLOSING, OPENING, TESTIMONIES, THEMES

MENTION_NOTES = [
    "a neighbour the narrator remembers",
    "remembered from school",
    "spoken of in the letters",
    "in the photograph the narrator describes",
]
CAPTIONS = {
    "landscape": ["The river below {place}, looking downstream", "Orchards above {place}",
                  "Evening over the water meadows near {place}", "The ferry landing at {place}"],
    "street": ["The main street of {place} on a market morning", "A lane in {place} after rain",
               "Houses along the upper road in {place}"],
    "house": ["A house on the edge of {place}", "The schoolhouse in {place}"],
}  # fmt: skip
ALT = {
    "landscape": "a pale river winding between dark hills, with a few small trees on its banks",
    "street": "a road running towards the horizon between two rows of small pointed-roof houses",
    "house": "a house with a pitched roof and a row of windows, behind a picket fence",
}
ALT_PREFIX = "Generated picture in the style of an old photograph: "


def _entries(builder):
    """The fictional people who have entries, with their page ids."""
    members = list(people.members(builder.seed, builder.count))
    ids = dict(
        MemorialEntryPage.objects.filter(
            identifier__in=[m.identifier for m in members]
        ).values_list("identifier", "pk")
    )
    return [(m, ids[m.identifier]) for m in members if m.identifier in ids]


def _family_groups(entries, rng, how_many: int) -> list[list]:
    """Up to `how_many` families (lists of (member, pk)) with at least one named member."""
    by_family = {}
    for member, pk in entries:
        if member.name.given:
            by_family.setdefault(member.family_no, []).append((member, pk))
    groups = sorted(by_family.values(), key=lambda g: (-len(g), g[0][0].number))
    return rng.sample(groups, min(how_many, len(groups))) if groups else [[]]


DEMO_CONSENT_SCOPE = {
    "public": "Fictional demonstration consent: public online, no commercial use.",
    "researchers": "Fictional demonstration consent: registered researchers only.",
    "staff": "Fictional demonstration consent: archive staff only.",
}


def build_testimonies(builder):
    index = builder.testimony_index
    entries = _entries(builder)
    for n, spec in enumerate(TESTIMONIES, 1):
        slug = f"testimony-{n}"
        if TestimonyPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        rng = rng_for(builder.seed, "testimony", n)
        groups = _family_groups(entries, rng, 2)  # one family, and a neighbour
        groups.sort(key=len, reverse=True)
        mentioned = [*groups[0][:3], *groups[1][:1]] if len(groups) == 2 else groups[0][:4]
        page = _testimony(builder, n, spec, rng, mentioned)
        page.slug = slug
        Page.objects.get(pk=index.pk).add_child(instance=page)
        page.save_revision().publish()
        ConsentRecord.objects.create(
            testimony=page,
            status=ConsentStatus.GIVEN,
            consent_date=spec["date"],
            scope=DEMO_CONSENT_SCOPE[page.access_level],
            review_date=spec["date"].replace(year=spec["date"].year + 25),
        )
        builder.created["testimonies"] += 1
    builder.progress(f"Testimonies: {len(TESTIMONIES)}/{len(TESTIMONIES)}")


def _person(rng, locale: str, sex: str) -> str:
    given = names.given_name(rng, locale, sex)
    family = names.family_form(names.surname(rng, locale), locale, sex)
    return names.latin(f"{given} {family}", locale)


def _testimony(builder, n, spec, rng, mentioned) -> TestimonyPage:
    anonymous = spec.get("anonymous", False)
    narrator = "" if anonymous else _person(rng, spec["locale"], rng.choice(["female", "male"]))
    given = [m.name.latin_given for m, _ in mentioned] + ["our neighbour", "my cousin"]
    duration = datetime.timedelta(minutes=spec["minutes"], seconds=rng.randint(0, 59))
    media = None
    if spec.get("audio"):
        data = audio.soft_tone()
        media, made = get_or_save_media(
            f"Demo recording: generated tone for testimony {n}",
            data,
            f"demo-testimony-{n}.wav",
            audio.duration_of(data),
        )
        builder.created["audio files"] += made
    topics = [keyword.lower() for keyword in spec["keywords"]]
    topics = ", ".join(topics[:-1]) + " and " + topics[-1]
    summary = (
        f"<p>{escape(narrator or 'The narrator')} ({escape(spec['detail'])}) speaks about "
        f"{escape(topics)}.</p>"
    )
    if media:
        summary += "<p>The audio file is a short generated tone standing in for the recording.</p>"
    summary += (
        "<p>This testimony is fictional: the narrator, the interview and every word of the "
        "transcript were written for the demonstration archive.</p>"
    )
    page = TestimonyPage(
        title=f"Testimony of {narrator}" if narrator else "Testimony of an anonymous narrator",
        narrator=narrator,
        narrator_is_anonymous=anonymous,
        narrator_relation=spec["relation"],
        narrator_relation_detail=spec["detail"],
        interview_date=spec["date"],
        interview_place=builder.places["coast"][n % len(builder.places["coast"])],
        interviewer=_person(rng, "en_GB", rng.choice(["female", "male"])),
        duration=duration,
        media=media,
        summary=summary,
        content_warning=spec.get("content_warning", ""),
        access_level=spec.get("access_level", "public"),
    )
    page.keywords = [builder.keywords[name] for name in spec["keywords"]]
    page.languages = in_order(TestimonyLanguage(language=code) for code in spec["languages"])
    page.mentions = in_order(
        TestimonyMention(entry_id=pk, note=MENTION_NOTES[i % len(MENTION_NOTES)])
        for i, (_, pk) in enumerate(mentioned)
    )
    found = MemorialEntryPage.objects.in_bulk([pk for _, pk in mentioned[:2]])
    people = [found[pk] for _, pk in mentioned[:2] if pk in found]
    page.segments = _segments(spec, builder, n, given, people, int(duration.total_seconds()))
    return page


WITHHELD_DEMO_REASON = "Names a living person (a fictional example of a withheld passage)."


def _segments(spec, builder, n, given, people, total: int) -> list[TranscriptSegment]:
    pairs = [OPENING, *(pair for theme in spec["themes"] for pair in THEMES[theme]), CLOSING]
    home = builder.places["river" if n % 2 else "mountain"][n].name
    lines = []
    for question, answer in pairs:
        lines.append(("Interviewer", question))
        lines.append(("Narrator", answer.format(home=home, a=given[0], b=given[1])))
    weights = [len(text) + 40 for _, text in lines]
    starts, position = [], 0
    for weight in weights:
        starts.append(round(total * position / sum(weights)))
        position += weight
    ends = starts[1:] + [total]
    segments = []
    for start, end, (speaker, text) in zip(starts, ends, lines, strict=True):
        segment = TranscriptSegment(
            start_seconds=start, end_seconds=end, speaker=speaker, text=text
        )
        # Index each answer by the people in the archive it names.
        segment.people = [
            person for name, person in zip(given, people, strict=False) if name in text
        ]
        segments.append(segment)
    if spec.get("withheld_passage"):
        answers = [segment for segment in segments if segment.speaker == "Narrator"]
        withheld = answers[len(answers) // 2]
        withheld.withheld, withheld.withheld_reason = True, WITHHELD_DEMO_REASON
    return in_order(segments)


def build_galleries(builder):
    index = builder.gallery_index
    entries = _entries(builder)
    for n, (title, slug, intro, kind, count, group) in enumerate(GALLERIES, 1):
        if GalleryPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        rng = rng_for(builder.seed, "gallery", n)
        families = _family_groups(entries, rng, count - 3) if kind == "house" else []
        saved = existing_images(f"Demo photograph {slug} ")
        items = []
        for i in range(count):
            shown = families[i][:4] if i < len(families) else []
            items.append(_photograph(builder, slug, kind, group, i, rng, shown, saved))
        page = GalleryPage(
            title=title,
            slug=slug,
            intro=f"<p>{escape(intro)} All pictures are generated and fictional.</p>",
            items=items,
        )
        Page.objects.get(pk=index.pk).add_child(instance=page)
        page.save_revision().publish()
        builder.created["galleries"] += 1
    builder.progress(f"Galleries: {len(GALLERIES)}/{len(GALLERIES)}")


def _photograph(builder, slug, kind, group, i, rng, shown, saved) -> dict:
    if kind == "street" and i % 2:
        kind = "house"
    place = rng.choice(builder.places[group])
    year = rng.randint(*PHOTO_YEARS)
    date = rng.choice([f"c. {year}", str(year), f"summer {year}", f"c. {year}"])
    figures = len(shown) if shown else (rng.randint(2, 4) if kind == "house" and i % 3 else 0)
    title = f"Demo photograph {slug} {i + 1:02d}"
    image = saved.get(title) or save_image(
        title,
        images.photograph(rng_for(builder.seed, "photo", slug, i), kind, figures),
        f"demo-{slug}-{i + 1:02d}.jpg",
        images.PHOTO_SIZE,
        date_description=date,
    )
    if shown:
        family = names.latin(shown[0][0].name.family, shown[0][0].name.locale)
        caption = f"Members of the {family} family in front of their house in {place.name}"
    elif figures:
        caption = f"Neighbours in front of a house in {place.name}; their names are not known"
    else:
        caption = rng.choice(CAPTIONS[kind]).format(place=place.name)
    alt = ALT[kind]
    if figures:
        counted = ["one standing figure", "two standing figures", "three standing figures"]
        who = counted[figures - 1] if figures <= 3 else f"{figures} standing figures"
        alt = f"{who}, drawn as simple dark shapes, in front of {alt}"
    return {
        "type": "photograph",
        "id": block_id(rng),
        "value": {
            "image": image.pk,
            "alt_text": ALT_PREFIX + alt,
            "caption": caption,
            "date": date,
            "place": place.pk,
            "credit": "",
            "people": [pk for _, pk in shown],
        },
    }
