from spate.sql import SparkSession

spark = SparkSession.builder \
    .appName("StreamingExample") \
    .getOrCreate()

# Read CSV files continuously from directory
df = spark.readStream.option("header", True) \
    .schema("id INT, name STRING, value DOUBLE") \
    .csv("input_dir/")

df.writeStream \
  .format("memory") \
  .queryName("my_table") \
  .start()

# You can query the stream like:
spark.sql("SELECT * FROM my_table").show()
