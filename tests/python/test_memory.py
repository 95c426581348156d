"""A streaming query started and stopped 1,000 times keeps the process's memory flat:
nothing a query holds (its thread, its Python callables, its state) outlives it."""


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_start_stop_1000_queries_keeps_memory_flat(spark, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.csv").write_text("".join("%d\n" % i for i in range(100)))
    df = spark.readStream.schema("value INT").csv(str(tmp_path / "in"))
    seen = []

    def cycle():
        q = df.selectExpr("value % 10 AS k").groupBy("k").count().writeStream.outputMode("complete") \
            .foreachBatch(lambda batch, batch_id: seen.append(batch.count())).start()
        q.processAllAvailable()
        q.stop()

    for _ in range(100):  # warm-up: allocator pools, first-use caches
        cycle()
    before = rss_kib()
    for _ in range(900):
        cycle()
    after = rss_kib()
    assert len(seen) >= 1000 and all(n == 10 for n in seen)
    assert spark.streams.active == []
    growth_kib = after - before
    print("RSS %d KiB before, %d KiB after 900 more queries" % (before, after))
    assert growth_kib < 16 * 1024, "RSS grew by %d KiB over 900 queries" % growth_kib
