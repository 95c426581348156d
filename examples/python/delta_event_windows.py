from spate.sql import SparkSession
from spate.sql.types import StructType, StructField, StringType, TimestampType
from spate.sql.functions import window
import time

spark = SparkSession.builder.appName("EventWindows").getOrCreate()

inputPath = "events/"

# Define the schema to speed up processing
jsonSchema = StructType([ StructField("time", TimestampType(), True), StructField("action", StringType(), True) ])

streamingInputDF = (
  spark
    .readStream
    .format("json")
    .schema(jsonSchema)               # Set the schema of the JSON data
    .option("maxFilesPerTrigger", 1)  # Treat a sequence of files as a stream by picking one file at a time
    .load(inputPath)
)

streamingCountsDF = (
  streamingInputDF
    .groupBy(
      streamingInputDF.action,
      window(streamingInputDF.time, "1 hour"))
    .count()
)

query = (
  streamingCountsDF
    .writeStream
    .format("delta")          # Delta Lake sink for durable storage
    .queryName("streaming_query") # Can give the query a name
    .outputMode("complete")   # Complete mode: All counts should be stored in Delta Lake
    .option("checkpointLocation", "tmp/checkpoints")  # Add checkpoint location
    .table("delta_lake_table")  # Specify the Delta Lake table name
)

time.sleep(5) # desired time after which the query should stop
query.stop()

spark.sql("SELECT action, window.start AS start, count FROM delta_lake_table ORDER BY start, action").show(truncate=False)
