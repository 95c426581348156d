-- Word count over lines typed into a TCP socket (seed 003, "Socket Word Count").
--
-- In one terminal start a server:   nc -lk 9999
-- In another, from the repository root:
--   build/spate run examples/sql/socket_word_count.sql
-- then type words into the first ("cat dog cat", Enter). Every 2 seconds the console
-- shows all counts (complete mode). Ctrl-C stops the job.

-- spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
CREATE TEMPORARY VIEW lines
USING socket
OPTIONS (host 'localhost', port 9999);

-- lines_df.select(explode(split(col("value"), " ")).alias("word")).groupBy("word").count()
--   .writeStream.outputMode("complete").format("console").trigger(processingTime="2 seconds").start()
START STREAMING QUERY word_counts
USING console
OUTPUT MODE complete
TRIGGER PROCESSING TIME '2 seconds'
AS SELECT word, count(*) AS count
   FROM (SELECT explode(split(value, ' ')) AS word FROM lines)
   GROUP BY word;
