from spate.sql import SparkSession
from spate.sql.functions import explode, split, col

# 1. Initialize Spark Session
spark = SparkSession.builder \
    .appName("Streaming_Word_Count") \
    .master("local[2]") \
    .getOrCreate()

# 2. WHAT: Read from the Socket (Input Source)
# We subscribe to the localhost port 9999 where we are typing words
lines_df = spark.readStream \
    .format("socket") \
    .option("host", "localhost") \
    .option("port", 9999) \
    .load()

# 3. HOW: Transform the data
# The input comes in a column named "value". We split it by space and explode it into words.
words_df = lines_df.select(
    explode(
        split(col("value"), " ")
    ).alias("word")
)

# Perform the aggregation (Count occurrences)
word_counts_df = words_df.groupBy("word").count()

# 4. WHEN & WHERE: Write to Console (Trigger & Output)
# OutputMode "complete" means we rewrite the entire table of counts every time.
query = word_counts_df.writeStream \
    .outputMode("complete") \
    .format("console") \
    .trigger(processingTime="2 seconds") \
    .start()

# Wait for the stream to finish (or stop it manually)
query.awaitTermination()
