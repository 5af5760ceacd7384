"""PostgreSQL: a version of the library that any change to its passages, links, sources or
speakers moves on, so the search may keep a common word's ranking until the library changes.

A statement trigger sets the one row's `version` from a sequence: transactional, so a search
never sees the new version before the new rows, and never reused, so a version rolled back
with its import cannot come round again. SQLite ranks with FTS5 fast enough not to need it.
"""

from django.db import migrations

TABLES = ["corpus_passage", "corpus_passagelink", "corpus_source", "corpus_speaker"]

POSTGRES_FORWARD = [
    "CREATE SEQUENCE corpus_library_version_seq",
    "CREATE TABLE corpus_library_version (id integer PRIMARY KEY CHECK (id = 1), "
    "version bigint NOT NULL)",
    "INSERT INTO corpus_library_version VALUES (1, nextval('corpus_library_version_seq'))",
    """
    CREATE FUNCTION corpus_library_changed() RETURNS trigger AS $$
    BEGIN
        UPDATE corpus_library_version SET version = nextval('corpus_library_version_seq');
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    *(
        f"CREATE TRIGGER {table}_library_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION corpus_library_changed()"
        for table in TABLES
    ),
]

POSTGRES_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS {table}_library_changed ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS corpus_library_changed()",
    "DROP TABLE IF EXISTS corpus_library_version",
    "DROP SEQUENCE IF EXISTS corpus_library_version_seq",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("corpus", "0004_standards_ordered_without_a_join")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_REVERSE))]
