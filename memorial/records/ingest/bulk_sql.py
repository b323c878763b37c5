"""Write many rows fast: COPY on PostgreSQL, multi-row INSERT elsewhere."""

from django.db import connection

ROWS_PER_STATEMENT = 500  # SQLite allows 32,766 parameters per statement


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _multirow_insert(table: str, columns: list[str], rows: list[list], returning: bool):
    """INSERT … VALUES (…), (…) in chunks; the new ids in order when `returning`."""
    column_sql = ", ".join(quote(column) for column in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES " + ", ".join(
                [row_sql] * len(chunk)
            )
            cursor.execute(
                sql + (f" RETURNING {quote('id')}" if returning else ""),
                [value for row in chunk for value in row],
            )
            if returning:
                # SQLite returns rows in VALUES order, as Django's bulk_create also relies on.
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def insert_rows(table: str, columns: list[str], rows: list[list]) -> None:
    if not rows:
        return
    if connection.vendor != "postgresql":
        _multirow_insert(table, columns, rows, returning=False)
        return
    column_sql = ", ".join(quote(column) for column in columns)
    copy_sql = f"COPY {quote(table)} ({column_sql}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows_returning_ids(table: str, columns: list[str], rows: list[list]) -> list[int]:
    """Insert rows and return their new ids, in order."""
    if connection.vendor != "postgresql":
        return _multirow_insert(table, columns, rows, returning=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    insert_rows(table, ["id", *columns], [[i, *row] for i, row in zip(ids, rows, strict=True)])
    return ids
