"""Impossible ancestry: a person recorded, through any number of entries, as their own ancestor.

A pair of entries that contradict each other is caught where they meet (the entry form's
relation checks); a longer cycle (A is B's parent, B is C's parent, C is A's parent) only
shows when the relations are followed. They are followed upwards from the entry being
edited and from the relatives its form names, a generation at a time, two queries a
generation, and no further than MAX_STEPS generations or MAX_PEOPLE people: a real family
never comes near either, and an archive of any size is never read whole.

Every relation found counts, whichever entry records it: a cycle through the edited person
is theirs (`Cycles.own`), even when other entries' rows alone close it. A cycle among their
relatives' forebears that does not pass through them (`Cycles.elsewhere`) is not theirs to
correct; the editor warns of it without refusing the edit.
"""

from dataclasses import dataclass, field

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


@dataclass
class Cycles:
    own: list[Step] = field(default_factory=list)  # from the entry upwards, back to it
    elsewhere: list[Step] = field(default_factory=list)  # among relatives, not through it


def ancestry_cycle(entry_id: int, relatives: dict[int, str]) -> list[Step]:
    """The steps by which `entry_id` would be their own ancestor, from the entry upwards,
    or [] if none is found within the bounds."""
    return ancestry_cycles(entry_id, relatives).own


def ancestry_cycles(entry_id: int, relatives: dict[int, str]) -> Cycles:
    """The cycles found above the entry and its relatives. `relatives` holds the relations
    being saved on the entry (related entry id → relation), which replace those stored on
    it."""
    parents: dict[int, dict[int, Step]] = {}  # person → their ancestors found, by the step
    for related, relation in relatives.items():
        if related == entry_id:
            continue  # refused by the form as it is
        if relation in UPWARD:
            _add(parents, Step(related, entry_id, UPWARD[relation]))
        elif relation in DOWNWARD:
            _add(parents, Step(entry_id, related, DOWNWARD[relation]))
    seen = {entry_id, *relatives}
    frontier = set(seen)
    for _generation in range(MAX_STEPS):
        if not frontier or len(seen) > MAX_PEOPLE:
            break
        found = set()
        for step in _recorded_ancestors(frontier, entry_id):
            _add(parents, step)
            if step.ancestor not in seen:
                seen.add(step.ancestor)
                found.add(step.ancestor)
        frontier = found
    own = _path_back(parents, entry_id)
    if own:
        return Cycles(own=own)
    return Cycles(elsewhere=_any_cycle(parents))


def _add(parents, step: Step) -> None:
    parents.setdefault(step.person, {}).setdefault(step.ancestor, step)


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


def _path_back(parents, start: int) -> list[Step]:
    """The shortest chain of steps upwards from `start` back to `start`, or []."""
    reached: dict[int, Step] = {}  # how each ancestor was first reached
    frontier = [start]
    while frontier:
        following = []
        for person in frontier:
            for ancestor, step in parents.get(person, {}).items():
                if ancestor == start:
                    return _chain(reached, step, start)
                if ancestor not in reached:
                    reached[ancestor] = step
                    following.append(ancestor)
        frontier = following
    return []


def _chain(reached, closing: Step, start: int) -> list[Step]:
    """From `start` upwards: the chain of steps to `closing.person`, then `closing`."""
    chain = [closing]
    while chain[-1].person != start:
        chain.append(reached[chain[-1].person])
    return chain[::-1]


def _any_cycle(parents) -> list[Step]:
    """A cycle among the steps found, or []: depth first, each person left once."""
    done: set[int] = set()
    for root in sorted(parents):
        if root in done:
            continue
        path: list[Step] = []
        on_path = {root: 0}
        stack = [(root, iter(parents.get(root, {}).values()))]
        while stack:
            person, steps = stack[-1]
            step = next(steps, None)
            if step is None:
                stack.pop()
                done.add(person)
                on_path.pop(person, None)
                if path:
                    path.pop()
                continue
            if step.ancestor in on_path:
                return path[on_path[step.ancestor] :] + [step]
            if step.ancestor not in done:
                path.append(step)
                on_path[step.ancestor] = len(path)
                stack.append((step.ancestor, iter(parents.get(step.ancestor, {}).values())))
    return []
