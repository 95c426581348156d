"""spate: Spark Structured Streaming's programming model in one process, without a JVM.

Use it as PySpark: ``from spate.sql import SparkSession`` in place of
``from pyspark.sql import SparkSession``.
"""

__version__ = "0.1.0"
