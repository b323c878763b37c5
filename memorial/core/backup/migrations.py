"""Which migrations a backup's rows belong to, and bringing a database to exactly that state.

Rows are loaded into the schema they were dumped from; migrations newer than the backup
run afterwards and convert them like any other data.
"""

from collections import defaultdict

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from .errors import BackupError


def applied_migrations() -> dict[str, list[str]]:
    applied = defaultdict(list)
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied[app_label].append(name)
    return dict(applied)


class BackupSchema:
    """The migrations a backup's rows belong to, checked against this database before
    anything changes; `migrate()` then brings the database there.

    Only forwards: a database with migrations the backup lacks is refused, since undoing
    them runs every reverse step on live data outside any transaction, and one that fails
    (some cannot be undone) leaves the archive half migrated back.
    """

    def __init__(self, recorded: dict[str, list[str]]):
        self.executor = MigrationExecutor(connection)
        loader = self.executor.loader
        recorded_nodes = {(app, name) for app, names in recorded.items() for name in names}
        # Squashed migrations stand in the graph for the ones they replace; both are recorded.
        unknown = sorted(recorded_nodes - set(loader.disk_migrations))
        if unknown:
            shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
            raise BackupError(
                f"The backup was made by a newer version of the archive (unknown migrations: "
                f"{shown}). Restore it with that version or a later one."
            )
        applied_here = set(MigrationRecorder(connection).applied_migrations())
        lacking = sorted((applied_here & set(loader.disk_migrations)) - recorded_nodes)
        if lacking:
            raise BackupError(_older_than_this_database(lacking))
        self.targets = _last_of_each_app(recorded_nodes & set(loader.graph.nodes), loader.graph)
        self.plan = self.executor.migration_plan(self.targets)
        self.registry: Apps = loader.project_state(self.targets).apps

    @property
    def migrated(self) -> bool:
        """Whether migrate() applies any migration (a new database, for one)."""
        return bool(self.plan)

    def migrate(self) -> None:
        self.executor.migrate(self.targets, plan=self.plan)


def _last_of_each_app(wanted: set, graph) -> list:
    """The last wanted migration of each app (several where an app's history branches)."""
    return [
        node
        for node in sorted(wanted)
        if not any(
            child in wanted and child[0] == node[0] for child in graph.node_map[node].children
        )
    ]


def _older_than_this_database(lacking: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{app}.{name}" for app, name in lacking[:8])
    if len(lacking) > 8:
        shown += f" and {len(lacking) - 8} more"
    return (
        f"The backup was made by an earlier version of the archive: this database has "
        f"{len(lacking)} migrations the backup lacks ({shown}). Restore will not undo them "
        f"here: that changes this database before any row is loaded, and a step that fails "
        f"leaves it half undone. Restore into a new, empty database instead (create it, and "
        f"run restore without running migrate first): restore takes it to the backup's "
        f"migrations, loads the rows, then applies the newer ones. Nothing was changed."
    )
