from spate.sql import SparkSession

spark = SparkSession.builder \
    .appName("StreamingExample") \
    .getOrCreate()

# Read CSV files continuously from directory
df = spark.readStream.option("header", True) \
    .schema("id INT, name STRING, value DOUBLE") \
    .csv("input_dir/")

# Transformation
agg_df = df.groupBy("name").sum("value")

# Output to console
query = agg_df.writeStream \
    .outputMode("complete") \
    .format("console") \
    .start()

query.awaitTermination()
