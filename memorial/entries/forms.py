from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from memorial.core.access_forms import AccessPageForm
from memorial.core.dates import (
    MAX_AGE,
    DatePrecision,
    after_today,
    certainly_before,
    longer_than_a_life,
    precision_disagreement,
)
from memorial.core.names import fit_title, full_name, slug_for

from .ancestry import DOWNWARD, UPWARD, ancestry_cycles
from .models import EntryRelationship, RelationType

ELDER = {RelationType.PARENT, RelationType.GRANDPARENT}
YOUNGER = {RelationType.CHILD, RelationType.GRANDCHILD}
# "Other relative" says too little to contradict anything.
DEFINITE = set(RelationType) - {RelationType.OTHER}
# Birth dates that say the year for certain (not "c. 1931").
EXACT_YEAR = {DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR}
FUTURE_EVENT = "This date is after today. Check it against the sources."

# Wagtail's slugs hold 255 characters; room is left for the "-2" that tells namesakes apart.
SLUG_BASE_LENGTH = 240


class MemorialEntryPageForm(AccessPageForm):
    """Lets archivists fill in names only: the page title and slug follow from them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "slug"):
            if name in self.fields:
                self.fields[name].required = False
        if "title" in self.fields:
            self.fields["title"].help_text = (
                "The name as shown on the page. Leave empty to compose it from the name "
                "fields below."
            )
        if "identifier" in self.fields and self.instance.identifier_is_fixed():
            self.fields["identifier"].disabled = True
            self.fields["identifier"].help_text = (
                "The archive's permanent identifier for this person, used in the short link "
                f"/e/{self.instance.identifier}/. It is fixed since the entry was first "
                "published, so that links to it keep working."
            )

    def clean(self):
        data = self.cleaned_data
        if not data.get("title"):
            composed = full_name(
                data.get("given_name", ""), data.get("patronymic", ""), data.get("family_name", "")
            )
            if composed:
                data["title"] = fit_title(composed)
            else:
                self.add_error("family_name", "Give at least a family name or a given name.")
        if not data.get("slug") and data.get("title"):
            base = slug_for(data["title"])[:SLUG_BASE_LENGTH].rstrip("-")
            data["slug"] = self._free_slug(base or "entry")
        self._check_life_dates(data)
        self._check_age_against_birth(data)
        self._check_events(data.get("biography"))
        self._check_relatives(data)
        if "age_at_death" in self.changed_data:
            # Typed by the archivist from a source: kept when the dates give no age.
            self.instance.age_at_death_from_dates = False
            self.instance.age_at_death_is_approximate = False
        return super().clean()

    def _check_relatives(self, data):
        # Here, not in EntryRelationship.clean: an inline row does not know its page
        # until the page is saved.
        recorded = set()
        for form in self.kept_rows("relationships"):
            related = form.cleaned_data.get("related_entry")
            if related is None:
                continue
            if related.pk == self.instance.pk:
                form.add_error("related_entry", "A person cannot be their own relative.")
            elif related.pk in recorded:
                form.add_error(
                    "related_entry",
                    "This person is already recorded as a relative above. Record each "
                    "relative once; say more in the note.",
                )
            elif problem := self._relation_problem(data, form.cleaned_data["relation"], related):
                form.add_error("related_entry", problem)
            recorded.add(related.pk)
        self._check_ancestry(data)

    def _check_ancestry(self, data):
        rows = {
            form.cleaned_data["related_entry"].pk: form
            for form in self.kept_rows("relationships")
            if form.cleaned_data.get("related_entry") is not None
        }
        self.instance.ancestry_warning = ""
        if not self.instance.pk or any(form.errors for form in rows.values()):
            return  # a new entry is no one's relative yet; other errors come first
        relations = {pk: form.cleaned_data["relation"] for pk, form in rows.items()}
        cycles = ancestry_cycles(self.instance.pk, relations)
        if cycle := cycles.own:
            message = self._cycle_message(cycle, data.get("title"))
            first, last = cycle[0], cycle[-1]
            # The row of this entry that closes the cycle, or the form itself when other
            # entries' rows alone make it: still this person's, so not saved as it is.
            if relations.get(first.ancestor) in UPWARD:
                rows[first.ancestor].add_error("related_entry", message)
            elif relations.get(last.person) in DOWNWARD:
                rows[last.person].add_error("related_entry", message)
            else:
                self.add_error(None, message)
        elif cycle := cycles.elsewhere:
            # Not this person's to correct: saved, with a word about it (wagtail_hooks).
            self.instance.ancestry_warning = self._elsewhere_message(cycle)

    def _names(self, cycle, title) -> dict:
        ids = {step.ancestor for step in cycle} | {step.person for step in cycle}
        entries = type(self.instance).objects.filter(pk__in=ids)
        names = dict(entries.values_list("pk", "title"))
        names[self.instance.pk] = title or names.get(self.instance.pk) or "this person"
        return names

    @staticmethod
    def _steps_said(cycle, names) -> str:
        said = [
            f"{names[step.ancestor]} is {names[step.person]}'s "
            f"{'parent' if step.generations == 1 else 'grandparent'}"
            for step in cycle
        ]
        return f"{', '.join(said[:-1])} and {said[-1]}"

    def _cycle_message(self, cycle, title) -> str:
        names = self._names(cycle, title)
        return (
            f"This makes {names[self.instance.pk]} their own ancestor: "
            f"{self._steps_said(cycle, names)}. Check these relations against the sources and "
            "correct the wrong one, here or on the other person's entry."
        )

    def _elsewhere_message(self, cycle) -> str:
        names = self._names(cycle, None)
        return (
            f"Saved. Among this person's relatives, {names[cycle[0].person]} is recorded as "
            f"their own ancestor: {self._steps_said(cycle, names)}. Check these relations "
            "against the sources and correct the wrong one on those people's entries."
        )

    def _relation_problem(self, data, relation: str, related) -> str:
        own_birth = (data.get("birth_date"), data.get("birth_date_precision"))
        their_birth = (related.birth_date, related.birth_date_precision)
        if own_birth[0] and their_birth[0]:
            if relation in ELDER and certainly_before(*own_birth, *their_birth):
                return (
                    f"{related.title} was born after this person, so cannot be their "
                    f"{relation}. Check the relation and both birth dates."
                )
            if relation in YOUNGER and certainly_before(*their_birth, *own_birth):
                return (
                    f"{related.title} was born before this person, so cannot be their "
                    f"{relation}. Check the relation and both birth dates."
                )
        if self.instance.pk and relation in DEFINITE:
            told = EntryRelationship.objects.filter(
                page=related, related_entry=self.instance.pk, relation__in=DEFINITE
            ).first()
            if told is not None and told.inverse_relation != relation:
                return (
                    f"{related.title}'s own entry records this person as their "
                    f"{told.get_relation_display().lower()}, so {related.title} is this "
                    f"person's {RelationType(told.inverse_relation).label.lower()}. Correct "
                    "one of the two entries."
                )
        return ""

    def _check_life_dates(self, data):
        for prefix in ("birth", "death"):
            date_field = f"{prefix}_date"
            if date_field in self.errors:
                continue  # not a date at all: its own error says so
            value, precision = data.get(date_field), data.get(f"{prefix}_date_precision")
            if problem := precision_disagreement(value, precision):
                self.add_error(date_field, problem)
        birth, death = data.get("birth_date"), data.get("death_date")
        if birth and death:
            death_precision = data.get("death_date_precision")
            if certainly_before(death, death_precision, birth, data.get("birth_date_precision")):
                self.add_error(
                    "death_date",
                    "The death date comes before the birth date. Check both against the "
                    "sources (and their precision).",
                )
            elif longer_than_a_life(
                birth, data.get("birth_date_precision"), death, death_precision
            ):
                self.add_error(
                    "death_date",
                    f"The birth and death dates are more than {MAX_AGE} years apart. Check "
                    "both against the sources.",
                )

    def _check_age_against_birth(self, data):
        """A typed age and a birth date alone: the death cannot fall after today."""
        age, birth = data.get("age_at_death"), data.get("birth_date")
        if age is None or birth is None or data.get("death_date"):
            return
        if data.get("birth_date_precision") not in EXACT_YEAR:
            return
        if birth.year + age > timezone.localdate().year:
            self.add_error(
                "age_at_death",
                f"Born in {birth.year}, the person cannot have died at {age}: that is after "
                "today. Check the age and the birth date.",
            )

    def _check_events(self, biography):
        # Here, not in DatedEventBlock: editorial pages may date a coming commemoration.
        errors = {}
        for index, block in enumerate(biography or []):
            if block.block_type == "event" and after_today(block.value.get("date")):
                errors[index] = StructBlockValidationError(
                    block_errors={"date": ValidationError(FUTURE_EVENT)}
                )
        if errors:
            self.add_error("biography", StreamBlockValidationError(block_errors=errors))

    def _free_slug(self, base: str) -> str:
        if self.parent_page is None:
            return base
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug
