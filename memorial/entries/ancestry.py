"""Impossible ancestry: a person recorded, through any number of entries, as their own ancestor.

A pair of entries that contradict each other is caught where they meet (the entry form's
relation checks); a longer cycle (A is B's parent, B is C's parent, C is A's parent) only
shows when the relations are followed. They are followed upwards from the entry being
edited, a generation at a time, two queries a generation, and no further than MAX_STEPS
generations or MAX_PEOPLE people: a real family never comes near either, and an archive of
any size is never read whole.
"""

from dataclasses import dataclass

from .models import EntryRelationship, RelationType

MAX_STEPS = 60
MAX_PEOPLE = 5_000

# relation recorded on X's entry about Y → (Y is X's ancestor?, how many generations apart)
UPWARD = {RelationType.PARENT: 1, RelationType.GRANDPARENT: 2}
DOWNWARD = {RelationType.CHILD: 1, RelationType.GRANDCHILD: 2}


@dataclass(frozen=True)
class Step:
    """`ancestor` is `person`'s parent (generations=1) or grandparent (2)."""

    ancestor: int
    person: int
    generations: int


def ancestry_cycle(entry_id: int, relatives: dict[int, str]) -> list[Step]:
    """The steps by which `entry_id` would be their own ancestor, from the entry upwards,
    or [] if none is found within the bounds. `relatives` holds the relations being saved
    on the entry (related entry id → relation), which replace those stored on it."""
    steps: dict[int, Step] = {}  # how each ancestor found was first reached
    for related, relation in relatives.items():
        if relation in UPWARD:
            steps.setdefault(related, Step(related, entry_id, UPWARD[relation]))
    # Those whose own entries record this person as their child or grandchild.
    for step in _recorded_ancestors([entry_id], entry_id):
        steps.setdefault(step.ancestor, step)
    frontier = set(steps)
    descendants = {related: DOWNWARD[rel] for related, rel in relatives.items() if rel in DOWNWARD}
    for _generation in range(MAX_STEPS):
        for person in frontier:
            # The entry being saved records this person as its child or grandchild.
            if person in descendants:
                return _path(steps, Step(entry_id, person, descendants[person]), entry_id)
        if not frontier or len(steps) > MAX_PEOPLE:
            return []
        found = set()
        for step in _recorded_ancestors(frontier, entry_id):
            if step.ancestor == entry_id:
                return _path(steps, step, entry_id)
            if step.ancestor not in steps:
                steps[step.ancestor] = step
                found.add(step.ancestor)
        frontier = found
    return []


def _recorded_ancestors(people, entry_id: int):
    """Each stored parent or grandparent of `people`, recorded on either side; the rows of
    the entry being saved are left out, as the form's rows replace them."""
    rows = EntryRelationship.objects.exclude(page_id=entry_id)
    for person, ancestor, relation in rows.filter(
        page_id__in=people, relation__in=list(UPWARD)
    ).values_list("page_id", "related_entry_id", "relation"):
        yield Step(ancestor, person, UPWARD[relation])
    for ancestor, person, relation in rows.filter(
        related_entry_id__in=people, relation__in=list(DOWNWARD)
    ).values_list("page_id", "related_entry_id", "relation"):
        yield Step(ancestor, person, DOWNWARD[relation])


def _path(steps: dict[int, Step], closing: Step, entry_id: int) -> list[Step]:
    """From the entry upwards: the chain of steps to `closing.person`, then `closing`."""
    chain = [closing]
    while chain[-1].person != entry_id:
        chain.append(steps[chain[-1].person])
    return chain[::-1]
