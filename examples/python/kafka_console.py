from spate.sql import SparkSession

spark = SparkSession.builder \
    .appName("StreamingExample") \
    .getOrCreate()

df = spark.readStream \
    .format("kafka") \
    .option("kafka.bootstrap.servers", "localhost:9092") \
    .option("subscribe", "logs") \
    .load()

# Convert value from binary to string
from spate.sql.functions import col
df_string = df.selectExpr("CAST(value AS STRING)")

df_string.writeStream \
    .format("console") \
    .start() \
    .awaitTermination()
