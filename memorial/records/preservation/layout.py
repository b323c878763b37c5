"""What a preservation bag contains, in words: written into data/manifest.json and README.txt."""

import datetime
import textwrap

import django
import wagtail
from django.conf import settings
from django.utils import timezone

ACCESS_NOTE = (
    "This bag is the archive's own preservation copy. It holds every live entry, testimony "
    "and gallery, including those restricted to researchers or staff, under embargo or behind "
    "a view restriction; each document's 'access' block says which. Unpublished drafts are "
    "not included: pages are exported as they are live. Keep and share this bag as staff-only "
    "material."
)

COLLECTION_NOTE = (
    "A bag made with --collection holds the live entries of that one collection and the "
    "image, audio/video and document files they use. Testimonies and galleries belong to "
    "the whole archive and are only in a full bag."
)

LAYOUT = {
    "entries/<identifier>.json": (
        "One memorial entry. 'record' is the archive's exchange record (the same fields "
        "as export_entries writes and import_entries reads); 'details' adds name variant "
        "scripts, source links, family relationships (by identifier) and the circumstances "
        "of death; "
        "'biography_blocks' is the biography as stored (StreamField JSON, files by id); "
        "'portrait' and 'files' point at originals in this bag."
    ),
    "testimonies/<slug>.json": (
        "One testimony: narrator (null when anonymous), interview, languages, keywords, "
        "people mentioned (by entry identifier), the recording's file and the full transcript "
        "as timed segments."
    ),
    "galleries/<slug>.json": (
        "One gallery: its photographs in order, each with its image file, description, caption, "
        "date, place, credit and the people shown (by entry identifier)."
    ),
    "images/<id>-<file name>": "Original image files, byte for byte as uploaded.",
    "media/<id>-<file name>": "Original audio and video files.",
    "documents/<id>-<file name>": "Original documents (e.g. scans of sources).",
    "images.jsonl, media.jsonl, documents.jsonl": (
        "Catalogues, one JSON object per line: id, path in the bag, title, credit, rights, "
        "source, date, the SHA-256 recorded at ingest ('sha256_recorded') and of the bytes "
        "copied ('sha256_copied'), and 'problem' when a file was missing or had changed."
    ),
    "manifest.json": "This description, the counts and any problems, for programs.",
    "README.txt": "This description, for people.",
}

CONVENTIONS = [
    "File references are objects {'id': ..., 'path': 'data/...'}; 'path' is null when the "
    "file is no longer in the archive's library.",
    "Dates are ISO 8601; partial dates carry their precision (day, month, year, "
    "approximate, unknown) next to them, as in the archive.",
    "Rich text is given twice: as Markdown ('markdown') and as stored ('html', Wagtail's "
    "database HTML, where links to pages and files are by id).",
    "Durations are ISO 8601 durations; transcript times are seconds from the start.",
]


def _paragraph(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=78, initial_indent=indent, subsequent_indent=indent)


def readme_text(site_name: str, scope: str, generated_at: str, counts: dict) -> str:
    lines = [
        f"{site_name} — preservation bag",
        "",
        f"Scope: {scope}",
        f"Made: {generated_at}",
        *_paragraph("Counts: " + ", ".join(f"{value} {name}" for name, value in counts.items())),
        "",
        *_paragraph(ACCESS_NOTE),
        "",
        *_paragraph(COLLECTION_NOTE),
        "",
        "Layout (paths under data/):",
        "",
    ]
    for path, text in LAYOUT.items():
        lines += [f"  {path}", *_paragraph(text, indent="      "), ""]
    lines += ["Conventions:", ""]
    for text in CONVENTIONS:
        wrapped = _paragraph(text, indent="    ")
        lines += ["  - " + wrapped[0].lstrip(), *wrapped[1:]]
    return "\n".join(lines) + "\n"


def manifest_document(scope, collection_slug, generated_at, counts, by_collection, problems):
    """data/manifest.json: the layout, the counts and any problems, for programs."""
    return {
        "archive": settings.WAGTAIL_SITE_NAME,
        "bag_format": "BagIt 1.0 (RFC 8493), SHA-512 manifest and tag manifest",
        "generated_at": generated_at,
        "scope": {"collection": collection_slug, "description": scope},
        "software": {"wagtail": wagtail.__version__, "django": django.get_version()},
        "access": ACCESS_NOTE,
        "collection_bags": COLLECTION_NOTE,
        "counts": counts,
        "entries_by_collection": by_collection,
        "layout": LAYOUT,
        "conventions": CONVENTIONS,
        "problems": problems,
    }


def bag_info_fields(scope, collection_slug, generated_at, counts, contact_email):
    """bag-info.txt labels and values, in order (Payload-Oxum is added by the writer)."""
    summary = ", ".join(f"{value} {name}" for name, value in counts.items())
    info = [("Source-Organization", settings.WAGTAIL_SITE_NAME)]
    if contact_email:
        info.append(("Contact-Email", contact_email))
    suffix = f"-{collection_slug}" if collection_slug else ""
    stamp = generated_at.astimezone(datetime.UTC)
    info += [
        ("External-Identifier", f"memorial-bag-{stamp:%Y%m%dT%H%M%SZ}{suffix}"),
        (
            "External-Description",
            f"Preservation copy of {scope}: {summary}. Restricted and embargoed items are "
            "included and marked in each record; see data/README.txt.",
        ),
        ("Bagging-Date", timezone.localdate(generated_at).isoformat()),
        ("Bag-Count", "1 of 1"),
        ("Bag-Software-Agent", f"memorial-archive export_bag (Wagtail {wagtail.__version__})"),
    ]
    return info
