"""Nexmark: the person, auction and bid views over format("nexmark") events, and the
events written to files that other systems read (docs/nexmark.md)."""

from spate import _spate
from spate.sql.types import StructType


def create_views(spark, events="nexmark", streaming=False):
    """Creates or replaces the temporary views ``person``, ``auction`` and ``bid`` (the
    public Nexmark SQL's views) over the view ``events`` of nexmark rows; with
    ``streaming=True`` they read ``STREAM(events)``."""
    for statement in _spate.nexmark_views_sql(events, streaming):
        spark.sql(statement)


def flat_columns(schema):
    """Select expressions that flatten the event rows for CSV: ``event_type``, then each
    struct field as ``<struct>_<field>`` (``bid_price``), then ``dateTime``."""
    columns = []
    for field in schema.fields:
        if isinstance(field.dataType, StructType):
            columns += [f"{field.name}.{child.name} AS {field.name}_{child.name}" for child in field.dataType.fields]
        else:
            columns.append(field.name)
    return columns


def events_frame(spark, events, **options):
    """The first ``events`` events as a DataFrame (options: rate, partitions, seed, ...)."""
    reader = spark.read.format("nexmark").option("events", str(events))
    for key, value in options.items():
        reader = reader.option(key, str(value))
    return reader.load()


def write_events(spark, path, events, fmt="json", events_per_file=None, **options):
    """Writes the first ``events`` events under the directory ``path``: ``json`` as JSON
    lines in the nested layout, ``csv`` with a header in the flat layout of
    :func:`flat_columns`; a new file every ``events_per_file`` events, in event order."""
    df = events_frame(spark, events, **options)
    if fmt == "csv":
        df = df.selectExpr(*flat_columns(df.schema))
    writer = df.write.mode("overwrite")
    if events_per_file:
        writer = writer.option("maxRecordsPerFile", str(events_per_file))
    if fmt == "json":
        writer.json(path)
    elif fmt == "csv":
        writer.option("header", "true").csv(path)
    else:
        raise ValueError(f"write_events: format must be 'json' or 'csv', not {fmt!r}")
