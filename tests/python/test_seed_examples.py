"""The seeds' PySpark programs (examples/python), with only the import changed, run on
spate and give Spark's output. Port 9999 is the one edit a test makes: it becomes a free
port, so tests never depend on a fixed port being free."""

import json
import os
import shutil

from conftest import REPO, LineServer, Program, console_batches, example, free_port


def counts(rows):
    return {r[0]: r[1] for r in rows}


def run_socket_example(name, tmp_path):
    port = free_port()
    server = LineServer(port)
    program = Program(example(name), tmp_path, [("9999", str(port))])
    try:
        server.send("cat dog cat")
        program.wait_for(r"\| *cat\| *2\|")
        server.send("dog bird")
        out = program.wait_for(r"\| *dog\| *2\|")
        program.interrupt()
    finally:
        server.close()
        if program.proc.poll() is None:
            program.proc.kill()
    batches = console_batches(out)
    last = batches[max(batches)]
    assert counts(last) == {"cat": "2", "dog": "2", "bird": "1"}
    assert all(rows for rows in batches.values())
    assert "KeyboardInterrupt" in program.output  # Ctrl-C ended awaitTermination()


def test_seed_000_socket_word_count(tmp_path):
    run_socket_example("intro_socket_word_count.py", tmp_path)


def test_seed_003_socket_word_count_with_trigger(tmp_path):
    run_socket_example("socket_word_count.py", tmp_path)


def drop_file(src, directory, name):
    """Copies a file into a watched directory atomically (write aside, then rename)."""
    tmp = os.path.join(directory, "." + name + ".tmp")
    shutil.copyfile(src, tmp)
    os.rename(tmp, os.path.join(directory, name))


def test_seed_001_csv_directory_stream(tmp_path):
    data = os.path.join(REPO, "examples", "data", "csv_input")
    os.makedirs(tmp_path / "input_dir")
    drop_file(os.path.join(data, "part-001.csv"), tmp_path / "input_dir", "part-001.csv")
    program = Program(example("csv_directory_stream.py"), tmp_path)
    try:
        out = program.wait_for(r"Batch: 0\n.*?\n\n")
        assert counts(console_batches(out)[0]) == {"apple": "1.5", "banana": "2.0"}
        drop_file(os.path.join(data, "part-002.csv"), tmp_path / "input_dir", "part-002.csv")
        out = program.wait_for(r"Batch: 1\n.*?\n\n")
        assert counts(console_batches(out)[1]) == {"apple": "5.0", "banana": "2.0", "cherry": "4.0"}
        program.interrupt()
    finally:
        if program.proc.poll() is None:
            program.proc.kill()


def test_seed_001_memory_sink_program(tmp_path):
    shutil.copytree(os.path.join(REPO, "examples", "data", "csv_input"), tmp_path / "input_dir")
    out = Program(example("memory_sink.py"), tmp_path).finish()
    # As in Spark, the query may or may not have run when the SELECT does: the table
    # exists at once with the stream's columns, holds input rows if any, and the
    # program exits cleanly.
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines() if line.startswith("|")]
    assert rows[0] == ["id", "name", "value"]
    assert all(r in [["1", "apple", "1.5"], ["2", "banana", "2.0"], ["3", "apple", "3.5"], ["4", "cherry", "4.0"],
                     ["5", "banana", "1.0"]] for r in rows[1:])
    assert "Traceback" not in out


def test_seed_001_memory_sink_after_processing(spark, tmp_path):
    shutil.copytree(os.path.join(REPO, "examples", "data", "csv_input"), tmp_path / "input_dir")
    df = spark.readStream.option("header", True) \
        .schema("id INT, name STRING, value DOUBLE") \
        .csv(str(tmp_path / "input_dir"))
    q = df.writeStream \
        .format("memory") \
        .queryName("my_table") \
        .start()
    q.processAllAvailable()
    rows = spark.sql("SELECT * FROM my_table ORDER BY id").collect()
    assert [tuple(r) for r in rows] == [(1, "apple", 1.5), (2, "banana", 2.0), (3, "apple", 3.5),
                                        (4, "cherry", 4.0), (5, "banana", 1.0)]
    q.stop()


def write_events(directory, files):
    os.makedirs(directory, exist_ok=True)
    for i, events in enumerate(files):
        with open(os.path.join(directory, "file-%d.json" % i), "w") as f:
            for t, action in events:
                f.write(json.dumps({"time": t, "action": action}) + "\n")


def test_seed_002_event_windows(tmp_path):
    write_events(tmp_path / "events", [
        [("2016-07-26 00:05:00", "Open"), ("2016-07-26 00:15:00", "Open"), ("2016-07-26 00:45:00", "Close")],
        [("2016-07-26 01:10:00", "Open"), ("2016-07-26 00:50:00", "Close")],
        [("2016-07-26 01:20:00", "Close"), ("2016-07-26 01:30:00", "Close")],
    ])
    out = Program(example("event_windows.py"), tmp_path).finish()
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines() if line.startswith("|")]
    assert rows == [["action", "start", "count"],
                    ["Close", "2016-07-26 00:00:00", "2"],
                    ["Open", "2016-07-26 00:00:00", "2"],
                    ["Close", "2016-07-26 01:00:00", "2"],
                    ["Open", "2016-07-26 01:00:00", "1"]]
    assert os.path.isdir(tmp_path / "tmp" / "checkpoints" / "offsets")
