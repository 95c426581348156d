from spate.sql import SparkSession

# Create Spark session
spark = SparkSession.builder \
    .appName("StructuredStreamingIntro") \
    .getOrCreate()

# Read a stream (example: from a socket)
# In production, you would read from Kafka
lines = spark.readStream \
    .format("socket") \
    .option("host", "localhost") \
    .option("port", 9999) \
    .load()

# Process the stream (same as batch DataFrame operations)
word_counts = lines.selectExpr("explode(split(value, ' ')) as word") \
    .groupBy("word") \
    .count()

# Write the stream to console
query = word_counts.writeStream \
    .outputMode("complete") \
    .format("console") \
    .start()

query.awaitTermination()
