-- A streaming query into the memory sink, then a plain query of its table (seed 001,
-- "Test Streaming Logic (Memory Sink)"): the query's name names the table.
--
-- TRIGGER AVAILABLE NOW reads what the directory holds and ends, so the job ends too.
-- A plain query after START STREAMING QUERY first lets the running queries process
-- what their sources hold, so the SELECT sees every row.
--
-- Run from the repository root:
--   build/spate run examples/sql/memory_sink.sql

CREATE TEMPORARY VIEW readings (id INT, name STRING, value DOUBLE)
USING csv
OPTIONS (path 'examples/data/csv_input', header 'true');

-- df.writeStream.format("memory").queryName("my_table").start()
START STREAMING QUERY my_table
USING memory
TRIGGER AVAILABLE NOW
AS SELECT * FROM STREAM(readings);

-- spark.sql("SELECT * FROM my_table").show()
SELECT * FROM my_table ORDER BY id;
