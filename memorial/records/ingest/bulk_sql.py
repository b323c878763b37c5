"""Write many rows fast: COPY on PostgreSQL, multi-row INSERT elsewhere."""

from django.db import connection

ROWS_PER_STATEMENT = 500  # SQLite allows 32,766 parameters per statement


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_rows(table: str, columns: list[str], rows: list[list]) -> None:
    if not rows:
        return
    column_sql = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        copy_sql = f"COPY {quote(table)} ({column_sql}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({column_sql}) VALUES "
                + ", ".join([row_sql] * len(chunk)),
                [value for row in chunk for value in row],
            )


def insert_rows_returning_ids(table: str, columns: list[str], rows: list[list]) -> list[int]:
    """Insert rows and return their new ids, in order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        insert_rows(table, ["id", *columns], [[i, *row] for i, row in zip(ids, rows, strict=True)])
        return ids
    ids = []
    column_sql = ", ".join(quote(column) for column in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({column_sql}) VALUES "
                + ", ".join([row_sql] * len(chunk))
                + f" RETURNING {quote('id')}",
                [value for row in chunk for value in row],
            )
            # SQLite returns rows in VALUES order, as Django's bulk_create also relies on.
            ids += [row[0] for row in cursor.fetchall()]
    return ids
