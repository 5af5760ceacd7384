"""Full-text index for passages: an FTS5 table on SQLite, a GIN index on PostgreSQL.

The index is database-specific, so the operations run SQL chosen by the vendor of the
connection. Triggers keep the index in step with corpus_passage on both databases, so rows
written by the admin or by tests are searchable at once; on PostgreSQL the loader
also calls `corpus.search.reindex_source` inside its transaction.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE corpus_passage_fts USING fts5(
        text, content='corpus_passage', content_rowid='id', tokenize='porter unicode61'
    )
    """,
    """
    CREATE TRIGGER corpus_passage_fts_ai AFTER INSERT ON corpus_passage BEGIN
        INSERT INTO corpus_passage_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER corpus_passage_fts_ad AFTER DELETE ON corpus_passage BEGIN
        INSERT INTO corpus_passage_fts(corpus_passage_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END
    """,
    """
    CREATE TRIGGER corpus_passage_fts_au AFTER UPDATE OF text ON corpus_passage BEGIN
        INSERT INTO corpus_passage_fts(corpus_passage_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO corpus_passage_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    "INSERT INTO corpus_passage_fts(corpus_passage_fts) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS corpus_passage_fts_au",
    "DROP TRIGGER IF EXISTS corpus_passage_fts_ad",
    "DROP TRIGGER IF EXISTS corpus_passage_fts_ai",
    "DROP TABLE IF EXISTS corpus_passage_fts",
]

POSTGRES_FORWARD = [
    # A trigger keeps the vector right for rows written outside the loader (admin, tests).
    """
    CREATE OR REPLACE FUNCTION corpus_passage_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER corpus_passage_search_vector_trg
    BEFORE INSERT OR UPDATE OF text ON corpus_passage
    FOR EACH ROW EXECUTE FUNCTION corpus_passage_search_vector_update()
    """,
    "UPDATE corpus_passage SET search_vector = setweight(to_tsvector('english', text), 'A')",
    "CREATE INDEX IF NOT EXISTS corpus_passage_search_gin "
    "ON corpus_passage USING gin (search_vector)",
]

POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS corpus_passage_search_gin",
    "DROP TRIGGER IF EXISTS corpus_passage_search_vector_trg ON corpus_passage",
    "DROP FUNCTION IF EXISTS corpus_passage_search_vector_update()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("corpus", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
