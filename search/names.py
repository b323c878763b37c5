"""Finding entries by name: which entries match, how well, and why.

Each search word is turned into keys (memorial.core.matching.keys) and looked up in
EntryNameKey through its index. Matching and ranking happen in the database; only the
handful of entries on the page shown are explained in Python.
"""

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from memorial.core.matching.keys import MatchKind, WordKeys, word_keys, words_of, words_of_names
from memorial.entries.models import EntryNameKey
from memorial.entries.models.name_keys import entry_names

from .cache import cached

MAX_NAME_TERMS = 6
FUZZY_MIN_LENGTH = 4
# Close spellings are looked for only when stricter keys find fewer entries than this.
FUZZY_WHEN_FEWER_THAN = 10
# A term whose keys point at no more key rows than this is matched by its people's ids,
# passed to the statement as one array. PostgreSQL then knows how few it is looking for
# and reads them through the primary key; planning by estimate instead (close spellings
# are guessed at tens of thousands of rows) it may scan every page: ~150 ms at a million
# entries for a name nobody bears. Past a few thousand, reading the ids first costs more
# than it saves.
FEW_KEY_ROWS = 5000


def fuzzy_available() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class NameTerm:
    keys: WordKeys
    fuzzy: bool = False

    def key_strings(self) -> set[str]:
        """Every key an entry found by this term shares with it (close spellings aside)."""
        return {key for _kind, key in self.keys.pairs()}

    def conditions(self) -> dict[MatchKind, Q]:
        found = {MatchKind.EXACT: Q(kind=MatchKind.EXACT, key=self.keys.exact)}
        if self.keys.spellings:
            found[MatchKind.SPELLING] = Q(kind=MatchKind.SPELLING, key__in=self.keys.spellings)
        if self.keys.sounds:
            found[MatchKind.SOUND] = Q(kind=MatchKind.SOUND, key__in=self.keys.sounds)
        if self.fuzzy:
            found[MatchKind.FUZZY] = Q(
                kind=MatchKind.SPELLING, fuzzy_key__trigram_similar=self.keys.spellings[0]
            )
        return found

    def entry_ids(self, *kinds: MatchKind):
        conditions = self.conditions()
        if not kinds:
            # Every spelling's sound codes are among the keys, so an entry sharing an exact
            # or spelling key with the term also shares a sound key: the sound keys alone
            # find every match, reading a quarter of the rows.
            kinds = (MatchKind.SOUND, MatchKind.FUZZY) if self.keys.sounds else tuple(conditions)
        wanted = [conditions[kind] for kind in kinds if kind in conditions]
        return (
            EntryNameKey.objects.alias(fuzzy_key=Lower("key"))
            .filter(reduce(or_, wanted))
            .values("entry_id")
        )

    def rank(self, within: list[int] | None = None):
        """0 for an exact spelling … 3 for a close one, per entry, without a join.

        `within`: the only entries that can match, when known; only their keys are read."""

        def ids(kind):
            found = self.entry_ids(kind)
            return found if within is None else found.filter(entry_id__in=ids_subquery(within))

        whens = [
            When(pk__in=ids(kind), then=Value(int(kind)))
            for kind in self.conditions()
            if kind != MatchKind.FUZZY
        ]
        return Case(*whens, default=Value(int(MatchKind.FUZZY)), output_field=IntegerField())


# "son of" and "daughter of" in Azerbaijani and Turkic patronymics (Rauf oğlu, Rauf qızı),
# as typed: Russian records write the same patronymic as one word (Рауфович), so these
# are not required to match.
SON_OR_DAUGHTER_OF = frozenset(
    {"oğlu", "oglu", "ogly", "oğlı", "ogli", "оглы", "оглу", "qızı", "qizi", "gizi", "gyzy"}
    | {"kyzy", "kizi", "kızı", "кызы", "гызы", "гизи"}
)


def name_terms(words: list[str]) -> list[NameTerm]:
    """The words of a query as name terms (the first MAX_NAME_TERMS that hold letters,
    leaving out "son of" and "daughter of")."""
    terms = []
    for word in words:
        for part in words_of(word):
            keys = word_keys(part)
            if keys.exact in SON_OR_DAUGHTER_OF:
                continue
            if keys.exact and keys not in [term.keys for term in terms]:
                terms.append(NameTerm(keys))
    terms = terms[:MAX_NAME_TERMS]
    if fuzzy_available():
        for term in terms:
            term.fuzzy = _needs_fuzzy(term)
    return terms


def _needs_fuzzy(term: NameTerm) -> bool:
    if len(term.keys.exact) < FUZZY_MIN_LENGTH or not term.keys.spellings:
        return False

    def too_few_strict_matches():
        strict = term.entry_ids(MatchKind.EXACT, MatchKind.SPELLING, MatchKind.SOUND)
        return strict[:FUZZY_WHEN_FEWER_THAN].count() < FUZZY_WHEN_FEWER_THAN

    return cached(("fuzzy", term.keys.exact), too_few_strict_matches, name_keys=term.key_strings())


def few_entry_ids(term: NameTerm) -> set[int] | None:
    """The ids of the entries `term` matches, if its keys point at few rows; else None."""
    rows = list(term.entry_ids().values_list("entry_id", flat=True)[: FEW_KEY_ROWS + 1])
    return set(rows) if len(rows) <= FEW_KEY_ROWS else None


def ids_subquery(ids: list[int]) -> RawSQL:
    """`ids` as a subquery of one parameter: thousands of ids are bound at once, not one
    by one (nor past SQLite's limit on parameters), and PostgreSQL's planner still counts
    them.

    The parameter is text: psycopg adapts a list of ints one element at a time, about a
    millisecond per few thousand ids, and a search binds the same ids up to four times."""
    if connection.vendor == "postgresql":
        literal = "{" + ",".join(map(str, ids)) + "}"
        return RawSQL("SELECT unnest(%s::integer[])", (literal,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def few_shared_ids(terms: list[NameTerm], among: set[int] | None = None) -> set[int] | None:
    """The ids of the entries all these terms match (and in `among`, if given), if they are
    few; else None.

    Two common names ("Əli Məmmədov") each match thousands, together often a handful:
    their keys are intersected first, and only what they share is looked at further."""
    matches = [term.entry_ids() for term in terms]
    if among is not None:
        matches = [found.filter(entry_id__in=ids_subquery(sorted(among))) for found in matches]
    shared = matches[0].intersection(*matches[1:]) if len(matches) > 1 else matches[0]
    rows = {row["entry_id"] for row in shared[: FEW_KEY_ROWS + 1]}
    return rows if len(rows) <= FEW_KEY_ROWS else None


def match_entries(queryset, terms: list[NameTerm]):
    """Entries of `queryset` that match every term, annotated with `name_rank` (0 is best)."""
    known_ids = None  # the people every term with few matches agrees on
    common = []  # terms with many matches
    for term in terms:
        ids = few_entry_ids(term)
        if ids is None:
            common.append(term)
        else:
            known_ids = ids if known_ids is None else known_ids & ids
    # Common terms are narrowed by what the others share, or by each other, when they can.
    narrowable = common and known_ids != set() and (known_ids is not None or len(common) > 1)
    if narrowable and (ids := few_shared_ids(common, among=known_ids)) is not None:
        known_ids, common = ids, []
    for term in common:
        queryset = queryset.filter(pk__in=term.entry_ids())
    within = None
    if known_ids is not None:
        within = sorted(known_ids)
        queryset = queryset.filter(pk__in=ids_subquery(within)) if within else queryset.none()
    ranks = [term.rank(within) for term in terms]
    return queryset.annotate(name_rank=reduce(lambda total, rank: total + rank, ranks))


# Explaining -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MatchReason:
    kind: MatchKind
    spelling: str  # the archive's spelling that matched

    def __str__(self):
        return REASONS[self.kind] % {"spelling": self.spelling}


# Shown to visitors beside each person found, in the visitor's language.
REASONS = {
    MatchKind.EXACT: _("exact spelling %(spelling)s"),
    MatchKind.SPELLING: _("spelled %(spelling)s in the archive"),
    MatchKind.SOUND: _("sounds like %(spelling)s"),
    MatchKind.FUZZY: _("close spelling: %(spelling)s"),
}


def _closeness(term: WordKeys, candidate: WordKeys) -> float:
    return max(
        (SequenceMatcher(None, a, b).ratio() for a in term.spellings for b in candidate.spellings),
        default=0.0,
    )


def explain(entry, terms: list[NameTerm]) -> list[MatchReason]:
    """Why this entry matched: the strictest way each term meets one of its names."""
    candidates = [
        word_keys(word, language) for word, language in words_of_names(entry_names(entry))
    ]
    reasons = []
    for term in terms:
        best = None
        for candidate in candidates:
            kind = term.keys.best_kind_against(candidate)
            if kind is not None and (best is None or kind < best[0]):
                best = (kind, candidate.word)
        if best is None and candidates:
            closest = max(candidates, key=lambda candidate: _closeness(term.keys, candidate))
            best = (MatchKind.FUZZY, closest.word)
        if best is not None:
            reasons.append(MatchReason(*best))
    return reasons
