"""Writing many rows at once, whatever their number.

`insert_many` inserts rows with one statement: on PostgreSQL one multi-row INSERT, on SQLite
one INSERT that the driver steps through for every row (`executemany`, within SQLite's limit
on parameters). `bulk_create` on SQLite is cut by Django 5.2 into a statement per 999
parameters (a payment file of 20,000 rows: 300 statements), and builds a model instance per
row. The values are prepared by the model's fields as the ORM prepares them
(`get_db_prep_save`); no defaults are filled in, no signals are sent and no primary keys are
read back."""

from collections.abc import Iterable, Sequence

from django.db import connections, router


def insert_many(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (a value for each of `fields`, by field name) into `model`'s table.
    Returns how many rows were inserted."""
    connection = connections[router.db_for_write(model)]
    columns = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    # Columns often repeat one value (who, when, why): each distinct value is prepared once.
    known: list[dict] = [{} for _column in columns]

    def prepare(index: int, value):
        try:
            return known[index][value]
        except KeyError:
            known[index][value] = ready = columns[index].get_db_prep_save(value, connection)
            return ready
        except TypeError:  # unhashable (a JSON value): prepared each time
            return columns[index].get_db_prep_save(value, connection)

    prepared = [[prepare(i, value) for i, value in enumerate(row)] for row in rows]
    if any(len(row) != len(columns) for row in prepared):
        raise ValueError(f"every row needs a value for each of {', '.join(fields)}")
    if not prepared:
        return 0
    with connection.cursor() as cursor:
        if connection.features.max_query_params is None and not getattr(
            connection.features, "uses_server_side_binding", False
        ):
            # PostgreSQL (parameters bound on the client): one multi-row INSERT, one round trip.
            row = "({})".format(", ".join(["%s"] * len(columns)))
            cursor.execute(
                sql.split(" VALUES ")[0] + " VALUES " + ", ".join([row] * len(prepared)),
                [value for values in prepared for value in values],
            )
        else:
            # SQLite: the statement prepared once and stepped per row, within its parameter
            # limit whatever the number of rows.
            cursor.executemany(sql, prepared)
    return len(prepared)
