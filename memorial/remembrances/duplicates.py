"""People already in the archive who may be the one a family proposes.

Moderators see these beside a proposed entry before they approve it. The archive's name
matching (search/names.py) finds entries whose family name AND given name share a key
(same spelling, another spelling or script, same sound) with the proposal's; those that
also share a year of birth or death come first. Drafts count too: two families may propose
the same person. Moderators are staff, so this reads every entry, not `public_pages()`.
"""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Value, When

from memorial.core.dates import DatePrecision
from memorial.core.matching.keys import MatchKind, with_particles_joined, words_of
from memorial.entries.models import MemorialEntryPage
from search.names import explain, match_entries, name_terms


@dataclass
class DuplicateCandidate:
    entry: MemorialEntryPage
    reasons: list[str] = field(default_factory=list)
    shared_years: int = 0


def _known_year(date, precision):
    if date is None or precision == DatePrecision.UNKNOWN:
        return None
    return date.year


def _name_words(entry) -> list[str]:
    """All words of the family name, and the first given name (second names vary most)."""
    words = words_of(with_particles_joined(entry.family_name))
    given = words_of(with_particles_joined(entry.given_name))
    return words + given[:1] if words else []


def _name_reasons(candidate, terms) -> list[str]:
    reasons = explain(candidate, terms)
    if all(reason.kind == MatchKind.EXACT for reason in reasons):
        return ["same name"]
    spelled = [r.spelling for r in reasons if r.kind == MatchKind.SPELLING]
    sounds = [r.spelling for r in reasons if r.kind == MatchKind.SOUND]
    close = [r.spelling for r in reasons if r.kind == MatchKind.FUZZY]
    found = []
    if spelled:
        found.append("same name, spelled " + " ".join(spelled))
    if sounds:
        found.append("name sounds like " + " ".join(sounds))
    if close:
        found.append("close spelling: " + " ".join(close))
    return found


def duplicate_candidates(entry, limit: int = 10) -> list[DuplicateCandidate]:
    """Up to `limit` other entries (published or draft) that may be the same person."""
    terms = name_terms(_name_words(entry))
    if not terms:
        return []
    birth_year = _known_year(entry.birth_date, entry.birth_date_precision)
    death_year = _known_year(entry.death_date, entry.death_date_precision)
    same_birth = Q(birth_date__year=birth_year) if birth_year else Q(pk__in=[])
    same_death = Q(death_date__year=death_year) if death_year else Q(pk__in=[])
    one, zero, number = Value(1), Value(0), IntegerField()
    candidates = (
        match_entries(MemorialEntryPage.objects.exclude(pk=entry.pk), terms)
        .annotate(
            shares_birth=Case(When(same_birth, then=one), default=zero, output_field=number),
            shares_death=Case(When(same_death, then=one), default=zero, output_field=number),
        )
        .annotate(shared_years=F("shares_birth") + F("shares_death"))
        .select_related("birth_place", "death_place")
        .prefetch_related("name_variants")
        .order_by("-shared_years", "name_rank", "sort_name", "pk")[:limit]
    )
    found = []
    for candidate in candidates:
        reasons = _name_reasons(candidate, terms)
        if candidate.shares_birth:
            reasons.append(f"same year of birth ({birth_year})")
        if candidate.shares_death:
            reasons.append(f"same year of death ({death_year})")
        found.append(DuplicateCandidate(candidate, reasons, candidate.shared_years))
    return found
