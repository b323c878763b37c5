"""Which migrations a backup's rows belong to, and bringing a database to exactly that state.

Rows are loaded into the schema they were dumped from; migrations newer than the backup
run afterwards and convert them like any other data.
"""

from collections import defaultdict
from dataclasses import dataclass

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


@dataclass(frozen=True)
class BackupSchema:
    registry: Apps  # the models as the backup's migrations left them
    migrated: bool  # whether any migration was applied or unapplied to get there


def migrate_to(recorded: dict[str, list[str]]) -> BackupSchema:
    """Apply (only) the migrations the backup was made with; refuse unknown ones."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    recorded_nodes = {(app_label, name) for app_label, names in recorded.items() for name in names}
    # Squashed migrations stand in the graph for the ones they replace; both are recorded.
    unknown = sorted(recorded_nodes - set(executor.loader.disk_migrations))
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"The backup was made by a newer version of the archive (unknown migrations: "
            f"{shown}). Restore it with that version or a later one."
        )
    wanted = recorded_nodes & set(graph.nodes)
    # The last recorded migration of each app (several where an app's history branches).
    targets = [
        node
        for node in sorted(wanted)
        if not any(
            child in wanted and child[0] == node[0] for child in graph.node_map[node].children
        )
    ]
    plan = executor.migration_plan(targets)
    executor.migrate(targets, plan=plan)
    return BackupSchema(registry=executor.loader.project_state(targets).apps, migrated=bool(plan))
