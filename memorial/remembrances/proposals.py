"""/submit-a-name/: a family proposes a person who is missing from the archive.

A valid proposal becomes, in one transaction, a private Submission (who sent it), the
photographs as ArchiveImages and a DRAFT MemorialEntryPage under the chosen collection,
sent to the moderators' workflow. Nothing is public until a moderator approves it.
"""

import logging
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from memorial.core.abuse import SpamCheckMixin, bounded_text, rate_limited
from memorial.core.dates import MAX_AGE, after_today, certainly_before, longer_than_a_life
from memorial.core.names import fit_title, has_a_letter, tidy
from memorial.core.orderable import in_order
from memorial.core.privacy import public_pages
from memorial.core.uploads import SafeImageField
from memorial.entries.identifiers import new_identifier
from memorial.entries.models import (
    EntryNameVariant,
    EntrySource,
    MemorialEntryPage,
    MemorialIndexPage,
    Place,
    Sex,
)
from memorial.entries.models.places import place_key
from memorial.records.ingest.parsing import guess_script, parse_date
from memorial.records.ingest.places import split_label
from memorial.records.ingest.rows import entry_slug

from . import upload_store
from .family_photos import SubmissionPhotos
from .kept_photos import KeptPhotosMixin, removal_field
from .models import Submission, SubmissionKind
from .moderation import moderator_addresses, send_for_moderation
from .sent_once import AlreadyReceived, store_once

logger = logging.getLogger(__name__)

MAX_PHOTOS = 5
PHOTO_SLOTS = range(1, MAX_PHOTOS + 1)
MAX_LIST_LINES = 20
MAX_PAGE_ID = 2**31 - 1  # page ids are 32-bit integers
_PHOTO_PARTS = ("", "_caption", "_alt")
DATE_HELP = _("As precisely as you know it: 1931, 1931-05, 1931-05-14, or c. 1931 if unsure.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _photo_number(field_name: str) -> int | None:
    """N for a file sent as photo_N; None for any other name a hand-made request may use.

    ASCII digits only: "²" passes str.isdigit() but not int().
    """
    parts = field_name.split("_")
    if len(parts) > 1 and parts[0] == "photo" and parts[1].isascii() and parts[1].isdigit():
        return int(parts[1])
    return None


class CollectionField(forms.ModelChoiceField):
    """A collection by id. An id no database column could hold is an invalid choice.

    ModelChoiceField would send any number to the database, and SQLite raises OverflowError
    (a server error) for one beyond 64 bits.
    """

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        number = text.lstrip("0") or "0"
        fits = text.isascii() and text.isdigit() and len(number) <= 10
        if text and not (fits and int(number) <= MAX_PAGE_ID):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def _collections():
    return public_pages(MemorialIndexPage.collections()).order_by("path")


class ProposalForm(KeptPhotosMixin, SpamCheckMixin, forms.Form):
    kept_photo_slots = PHOTO_SLOTS

    given_name = bounded_text(255, required=False, label=_("Given name(s)"))
    family_name = bounded_text(255, required=False, label=_("Family name"))
    patronymic = bounded_text(
        255, required=False, label=_("Father's name (patronymic)"), help_text=_("If used.")
    )
    birth_name = bounded_text(
        255, required=False, label=_("Family name at birth"), help_text=_("If it was different.")
    )
    other_spellings = bounded_text(
        2000,
        required=False,
        label=_("Other spellings of the name"),
        help_text=_("One per line, in any script: how documents or relatives wrote it."),
    )
    sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.UNKNOWN, label=_("Sex"))
    birth_date = bounded_text(30, required=False, label=_("Date of birth"), help_text=DATE_HELP)
    birth_place = bounded_text(255, required=False, label=_("Place of birth"))
    death_date = bounded_text(30, required=False, label=_("Date of death"), help_text=DATE_HELP)
    death_place = bounded_text(
        255,
        required=False,
        label=_("Place of death"),
        help_text=_("Where they were killed or died."),
    )
    occupation = bounded_text(255, required=False, label=_("Occupation or school"))
    story = bounded_text(
        10000,
        required=False,
        label=_("Their life and what happened"),
        help_text=_("In your own words. Leave a blank line between paragraphs."),
    )
    sources = bounded_text(
        3000,
        required=False,
        label=_("Sources"),
        help_text=_("One per line: documents, letters, lists or books that mention the person."),
    )
    submitter_name = bounded_text(200, label=_("Your name"))
    relationship = bounded_text(
        200,
        required=False,
        label=_("Your relationship to the person"),
        help_text=_("e.g. granddaughter"),
    )
    email = forms.EmailField(
        max_length=254,
        label=_("Your e-mail address"),
        help_text=_("We write to you only about this."),
    )
    collection = CollectionField(
        queryset=MemorialIndexPage.objects.none(),
        empty_label=None,
        label=_("Collection"),
        help_text=_("The part of the archive this person belongs to."),
    )
    may_publish = forms.BooleanField(
        label=_(
            "I allow the archive to publish the details, story and photographs I send, "
            "after review."
        ),
        error_messages={"required": _("We can only add a person if you allow us to publish it.")},
    )
    may_contact = forms.BooleanField(
        required=False, label=_("The archive may contact me with questions.")
    )

    upload_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.load_kept_photos()
        collections = _collections()
        self.fields["collection"].queryset = collections
        self.fields["collection"].initial = collections.first()
        for number in PHOTO_SLOTS:
            self.fields[f"photo_{number}"] = SafeImageField(
                required=False, label=gettext("Photograph %(number)s") % {"number": number}
            )
            self.fields[f"photo_{number}_caption"] = bounded_text(
                500,
                multiline=False,
                required=False,
                label=_("Caption"),
                help_text=_("Who, where, when, if you know."),
            )
            self.fields[f"photo_{number}_alt"] = bounded_text(
                300,
                multiline=False,
                required=False,
                label=_("What the photograph shows"),
                help_text=_("For people who cannot see it, e.g. 'A young man in uniform'."),
            )
            self.fields[f"remove_{number}"] = removal_field(
                gettext("Remove photograph %(number)s") % {"number": number}
            )

    def _date(self, name: str, label: str):
        text = self.cleaned_data.get(name, "")
        try:
            return parse_date(text, "", label)
        except ValueError as error:
            if "not a real date" in str(error):  # 29 February 1931, a 13th month
                message = gettext(
                    "There is no such date as “%(text)s”. Please check the day and the month."
                )
            else:
                message = gettext(
                    "Please write the date as 1931, 1931-05, 1931-05-14 or c. 1931 "
                    "(not “%(text)s”)."
                )
            raise ValidationError(message % {"text": text}) from None

    def clean_birth_date(self):
        return self._date("birth_date", "Date of birth")

    def clean_death_date(self):
        return self._date("death_date", "Date of death")

    def _list(self, name: str, what: str) -> list[str]:
        items = _lines(self.cleaned_data.get(name, ""))
        if len(items) > MAX_LIST_LINES:
            raise ValidationError(
                gettext("Please give at most %(count)s %(what)s, one per line.")
                % {"count": MAX_LIST_LINES, "what": what}
            )
        return items

    def clean_other_spellings(self):
        return [item[:255] for item in self._list("other_spellings", gettext("spellings"))]

    def clean_sources(self):
        return self._list("sources", gettext("sources"))

    def clean(self):
        data = super().clean()
        self.refuse_lost_photos(data)
        if not (data.get("given_name") or data.get("family_name")):
            self.add_error(
                "family_name", gettext("Please give at least a family name or a given name.")
            )
        for name in ("given_name", "family_name", "patronymic", "birth_name"):
            if data.get(name) and not has_a_letter(data[name]):
                self.add_error(
                    name, gettext("Please write the name in letters, or leave it empty.")
                )
        birth, death = data.get("birth_date"), data.get("death_date")
        if birth and after_today(birth[0]):
            self.add_error("birth_date", gettext("The date of birth is after today."))
        if death and after_today(death[0]):
            self.add_error("death_date", gettext("The date of death is after today."))
        if birth and death and birth[0] and death[0] and certainly_before(*death, *birth):
            self.add_error("death_date", gettext("The date of death is before the date of birth."))
        elif birth and death and longer_than_a_life(*birth, *death):
            self.add_error(
                "death_date",
                gettext("The dates of birth and death are more than %(years)s years apart.")
                % {"years": MAX_AGE},
            )
        return data

    def photos(self) -> list[tuple]:
        """(CleanImage, caption, alt text) for each photograph attached or kept."""
        data = self.cleaned_data
        found = []
        for n in PHOTO_SLOTS:
            image = data.get(f"photo_{n}") or self.kept_photo(n, data)
            if image:
                found.append((image, data[f"photo_{n}_caption"], data[f"photo_{n}_alt"]))
        return found

    def files_dropped(self) -> bool:
        """Files were sent that are neither kept nor refused with a message: choose again."""
        numbers = (_photo_number(name) for name in self.files if name not in self.errors)
        return any(number is not None and number not in self.kept for number in numbers)

    def more_photos_open(self) -> bool:
        """Photographs 2–5 start folded away, unless something was written or kept in them
        (a kept one shows with its remove box)."""
        if any(n > 1 for n in self.kept):
            return True
        names = [f"photo_{n}{part}" for n in range(2, MAX_PHOTOS + 1) for part in _PHOTO_PARTS]
        return any(
            self.data.get(name) or self.files.get(name) or self.errors.get(name) for name in names
        )

    def photo_groups(self):
        return [
            (
                n,
                self[f"photo_{n}"],
                self[f"photo_{n}_caption"],
                self[f"photo_{n}_alt"],
                self[f"remove_{n}"],
                self.kept.get(n),
            )
            for n in PHOTO_SLOTS
        ]


# Creating the draft ---------------------------------------------------------------------
def find_place(label: str) -> Place | None:
    """An existing place named like this (case, spacing and Unicode form aside); never
    creates one."""
    for key in (place_key(label), place_key(*split_label(tidy(label)))):
        place = Place.objects.filter(key=key).first()
        if place is not None:
            return place
    return None


def _paragraph(text: str) -> dict:
    html = "<br/>".join(escape(line) for line in text.split("\n"))
    return {"type": "paragraph", "value": f"<p>{html}</p>", "id": str(uuid.uuid4())}


def _biography(data, unmatched_places, images) -> list[dict]:
    blocks = [_paragraph(part.strip()) for part in data["story"].split("\n\n") if part.strip()]
    for label, place in unmatched_places:
        blocks.append(_paragraph(f"{label}, as the family gave it: {place}"))
    for image, caption, alt in images[1:]:  # the first is the portrait
        value = {"image": image.pk, "alt_text": alt, "caption": caption, "credit": ""}
        blocks.append({"type": "image", "value": value, "id": str(uuid.uuid4())})
    return blocks


def _store_photos(form, stored: SubmissionPhotos, submission, person: str) -> list[tuple]:
    images = []
    for number, (clean, caption, alt) in enumerate(form.photos(), start=1):
        alt = alt or caption or f"Photograph of {person}"
        title = fit_title(caption or f"{person}, photograph {number} from the family")
        images.append((stored.save(submission, clean, title=title, description=alt), caption, alt))
    return images


def create_proposal(form) -> Submission:
    """Store a valid form as a Submission and a draft entry in moderation, or raise
    AlreadyReceived when the same form was stored already."""
    return store_once(lambda: _store_proposal(form), form.token)


def _store_proposal(form) -> Submission:
    data = form.cleaned_data
    (birth_date, birth_precision), (death_date, death_precision) = (
        data["birth_date"],
        data["death_date"],
    )
    with SubmissionPhotos() as stored, transaction.atomic():
        submission = Submission.record(
            SubmissionKind.PROPOSED_ENTRY,
            data,
            may_publish_text=data["may_publish"],
            may_publish_photos=data["may_publish"],
            upload_token=form.token,
        )
        entry = MemorialEntryPage(
            live=False,
            identifier=new_identifier(),
            **{f: data[f] for f in ("given_name", "family_name", "patronymic", "birth_name")},
            sex=data["sex"],
            occupation=data["occupation"],
            birth_date=birth_date,
            birth_date_precision=birth_precision,
            death_date=death_date,
            death_date_precision=death_precision,
        )
        entry.title = fit_title(entry.display_name or data["birth_name"])
        entry.slug = entry_slug(entry.title, entry.identifier)
        unmatched = []
        for field, label in (("birth_place", "Place of birth"), ("death_place", "Place of death")):
            if data[field]:
                place = find_place(data[field])
                setattr(entry, field, place)
                if place is None:
                    unmatched.append((label, data[field]))
        images = _store_photos(form, stored, submission, entry.title)
        entry.portrait = images[0][0] if images else None
        entry.biography = _biography(data, unmatched, images)
        entry.name_variants = in_order(
            EntryNameVariant(name=name, script=guess_script(name), note="Given by the family")
            for name in data["other_spellings"]
        )
        entry.sources = in_order(EntrySource(citation=citation) for citation in data["sources"])
        data["collection"].add_child(instance=entry)
        send_for_moderation(entry, submission)
    return submission


# Telling people -------------------------------------------------------------------------
def _mail(prefix: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        send_mail(
            subject=render_to_string(f"{prefix}_subject.txt", context).strip(),
            message=render_to_string(f"{prefix}.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:  # the proposal is saved; a mail server problem must not lose it
        logger.exception("Could not send %s for a proposed entry", prefix.rsplit("/", 1)[-1])


def tell_people(submission: Submission) -> None:
    entry = submission.page.specific
    edit_path = reverse("wagtailadmin_pages:edit", args=[entry.pk])
    context = {
        "submission": submission,
        "entry": entry,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + edit_path,
    }
    _mail("remembrances/email/proposal_receipt", context, [submission.email])
    for address in moderator_addresses():  # one each: moderators do not see each other's
        _mail("remembrances/email/proposal_notice", context, [address])


# The view -------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("submissions", "RATE_LIMIT_SUBMISSIONS", "RATE_LIMIT_SUBMISSIONS_WINDOW")
def propose_entry(request):
    thanks = reverse("propose_entry") + "?sent=1"
    if request.method == "GET" and request.GET.get("sent"):
        return render(request, "remembrances/propose_thanks.html")
    status = 200
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES)
        if form.is_spam:
            return redirect(thanks)  # stored nowhere; a bot learns nothing
        if form.is_valid():
            try:
                submission = create_proposal(form)
            except AlreadyReceived:
                upload_store.discard_all(form.token)
                return redirect(thanks)  # the family sees the first sending's answer
            upload_store.discard_all(form.token)
            tell_people(submission)
            return redirect(thanks)
        form.keep_checked_photos()
        status = 400
    else:
        form = ProposalForm()
    context = {"form": form, "files_dropped": form.is_bound and form.files_dropped()}
    return render(request, "remembrances/propose.html", context, status=status)
