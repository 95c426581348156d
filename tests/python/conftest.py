"""Fixtures of the Python package's tests: run with PYTHONPATH=build/python (ctest sets it)."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

import spate
from spate.sql import SparkSession

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def spark():
    session = SparkSession.builder.appName("spate-python-tests").master("local[2]").getOrCreate()
    yield session
    session.stop()


@pytest.fixture(autouse=True)
def no_query_left_running(spark):
    yield
    for q in spark.streams.active:
        q.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LineServer:
    """A TCP server on 127.0.0.1 that sends lines to whoever connects (as `nc -lk` does)."""

    def __init__(self, port):
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self._sock.listen(1)
        self._sock.settimeout(30)
        self._conn = None
        self._accepted = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        try:
            self._conn, _ = self._sock.accept()
            self._accepted.set()
        except OSError:
            pass

    def send(self, *lines):
        assert self._accepted.wait(30), "nobody connected to the line server"
        self._conn.sendall("".join(line + "\n" for line in lines).encode())

    def close(self):
        if self._conn is not None:
            self._conn.close()
        self._sock.close()


class Program:
    """A Python program run in a subprocess with the package on its path; its stdout is
    read as it comes so a test can wait for output, then interrupt it as Ctrl-C would."""

    def __init__(self, path, cwd, source_edits=()):
        with open(path) as f:
            source = f.read()
        for old, new in source_edits:
            assert old in source, "%r is not in %s" % (old, path)
            source = source.replace(old, new)
        env = dict(os.environ)
        env["PYTHONUNBUFFERED"] = "1"
        # The package this test imports, wherever the program runs.
        env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(spate.__file__)),
                                             env.get("PYTHONPATH", "")])
        self.output = ""
        self._lock = threading.Lock()
        # SIGINT as in a terminal: a shell starting tests in the background (CI may) has
        # it ignored, which the program would inherit, and Python then never raises
        # KeyboardInterrupt.
        self.proc = subprocess.Popen([sys.executable, "-c", source], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True,
                                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self._lock:
                self.output += line

    def wait_for(self, pattern, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if re.search(pattern, self.output, re.S):
                    return self.output
            if self.proc.poll() is not None:
                time.sleep(0.2)
                with self._lock:
                    if re.search(pattern, self.output, re.S):
                        return self.output
                    raise AssertionError("program ended (%s) without %r:\n%s" % (self.proc.returncode, pattern,
                                                                                 self.output))
            time.sleep(0.05)
        self.proc.kill()
        raise AssertionError("no %r within %ss:\n%s" % (pattern, timeout, self.output))

    def interrupt(self, timeout=10):
        """Ctrl-C: the program must end promptly, with KeyboardInterrupt."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("Ctrl-C did not stop the program within %ss:\n%s" % (timeout, self.output))
        time.sleep(0.1)
        return self.output

    def finish(self, timeout=60):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("program did not end within %ss:\n%s" % (timeout, self.output))
        time.sleep(0.1)
        return self.output


def write_json(directory, name, records):
    """Writes records as a JSON-lines file that appears at once (written aside, then renamed),
    as a watched directory must see it."""
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, "." + name)
    with open(tmp, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    os.rename(tmp, os.path.join(directory, name))


def example(name):
    return os.path.join(REPO, "examples", "python", name)


def console_batches(output):
    """The console sink's tables by batch id: {0: [row cells...], ...}."""
    batches = {}
    for m in re.finditer(r"Batch: (\d+)\n-+\n(.*?)\n\n", output, re.S):
        rows = []
        for line in m.group(2).splitlines():
            if line.startswith("|"):
                rows.append([c.strip() for c in line.strip("|").split("|")])
        batches[int(m.group(1))] = rows[1:]  # without the header
    return batches
