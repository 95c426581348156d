-- A running total per name over a directory of CSV files (seed 001, "Stream from a
-- File Source"). Every CSV file in the directory is read once; a file added later
-- (copy one in while the job runs) updates the totals in the next batch.
--
-- Run from the repository root; Ctrl-C stops it:
--   build/spate run examples/sql/csv_directory_aggregation.sql

-- spark.readStream.option("header", True).schema("id INT, name STRING, value DOUBLE").csv("input_dir/")
CREATE TEMPORARY VIEW readings (id INT, name STRING, value DOUBLE)
USING csv
OPTIONS (path 'examples/data/csv_input', header 'true');

-- df.groupBy("name").sum("value").writeStream.outputMode("complete").format("console").start()
START STREAMING QUERY totals_by_name
USING console
OUTPUT MODE complete
AS SELECT name, sum(value)
   FROM STREAM(readings)
   GROUP BY name;
