"""Running migrations to a given state inside a test, and back to the latest."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate the test database to `targets`; the apps (historical models) of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's newest migration: where a test that migrated back must leave the database."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
