"""Django's SQLite backend with one change: flush empties tables as PostgreSQL's TRUNCATE does,
without firing their row triggers.

Django flushes SQLite with one DELETE per table, which fires each row's DELETE trigger; the
audit record's trigger (nominations migration 0006) refuses that, and the test suite could not
empty the database after a transactional test. PostgreSQL's flush is a TRUNCATE, which row
triggers do not see. Here the flush drops the triggers of the tables it empties, deletes, and
makes them again from their stored definitions, all in the flush's one transaction: no other
connection ever sees a table without its triggers, and `manage.py sqlflush` shows what is done.

Subclassing a built-in backend is how Django's documentation says to change one (Databases:
"Subclassing the built-in database backends"); config/settings.py names this one for SQLite.
"""

from itertools import chain

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if tables and allow_cascade:
            # As Django's: the tables that refer to the flushed ones are flushed too.
            tables = set(chain.from_iterable(self._references_graph(table) for table in tables))
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences)
        triggers = self.row_triggers(tables)
        if not statements or not triggers:
            return statements
        dropped = [f"DROP TRIGGER {self.quote_name(name)};" for name, _sql in triggers]
        return [*dropped, *statements, *(f"{sql};" for _name, sql in triggers)]

    def row_triggers(self, tables) -> list[tuple[str, str]]:
        """(name, CREATE TRIGGER statement) of each trigger on these tables."""
        tables = list(tables)
        if not tables:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({', '.join(['%s'] * len(tables))}) ORDER BY name",
                tables,
            )
            return cursor.fetchall()


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
