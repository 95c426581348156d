"""StreamingQuery and StreamingQueryManager."""

import json
import time

__all__ = ["StreamingQuery", "StreamingQueryManager"]

# How long one engine wait lasts: between waits Python handles signals, so Ctrl-C
# interrupts awaitTermination at once.
_WAIT_STEP_MS = 100


def _await(wait_ms, timeout):
    """Calls wait_ms(ms) -> bool until it is true or timeout (seconds) passes."""
    if timeout is not None:
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout < 0:
            raise ValueError("timeout must be a non-negative number of seconds, not %r" % (timeout,))
        deadline = time.monotonic() + timeout
    while True:
        step = _WAIT_STEP_MS
        if timeout is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return wait_ms(0)
            step = min(step, max(1, int(left * 1000)))
        if wait_ms(step):
            return True


class StreamingQuery:
    """A handle on a running query (PySpark's StreamingQuery)."""

    def __init__(self, jq):
        self._jq = jq

    @property
    def id(self):
        return self._jq.id()

    @property
    def runId(self):
        return self._jq.runId()

    @property
    def name(self):
        return self._jq.name() or None

    @property
    def isActive(self):
        return self._jq.isActive()

    def awaitTermination(self, timeout=None):
        """Waits until the query ends (raising StreamingQueryException if it failed);
        with a timeout in seconds, returns whether it ended."""
        ended = _await(self._jq.awaitTermination, timeout)
        return ended if timeout is not None else None

    def processAllAvailable(self):
        self._jq.processAllAvailable()

    def stop(self):
        self._jq.stop()

    def exception(self):
        message = self._jq.exception()
        if message is None:
            return None
        from spate.errors import StreamingQueryException
        return StreamingQueryException(message)

    @property
    def status(self):
        return json.loads(self._jq.statusJson())

    @property
    def lastProgress(self):
        p = self._jq.lastProgressJson()
        return None if p is None else json.loads(p)

    @property
    def recentProgress(self):
        return [json.loads(p) for p in self._jq.recentProgressJson()]

    def explain(self, extended=False):
        print(self._jq.explainString())

    def __repr__(self):
        return "<StreamingQuery id=%s name=%s active=%s>" % (self.id, self.name, self.isActive)


class StreamingQueryManager:
    """spark.streams: the session's active queries and listeners."""

    _listeners = {}

    def __init__(self, jsqm):
        self._jsqm = jsqm

    @property
    def active(self):
        return [StreamingQuery(q) for q in self._jsqm.active()]

    def get(self, id):
        q = self._jsqm.get(id)
        return None if q is None else StreamingQuery(q)

    def awaitAnyTermination(self, timeout=None):
        ended = _await(self._jsqm.awaitAnyTermination, timeout)
        return ended if timeout is not None else None

    def resetTerminated(self):
        self._jsqm.resetTerminated()

    def addListener(self, listener):
        from spate.sql.streaming.listener import StreamingQueryListener, _ListenerAdapter
        if not isinstance(listener, StreamingQueryListener):
            raise TypeError("addListener takes a StreamingQueryListener")
        StreamingQueryManager._listeners[id(listener)] = (listener, self._jsqm.addListener(_ListenerAdapter(listener)))

    def removeListener(self, listener):
        entry = StreamingQueryManager._listeners.pop(id(listener), None)
        if entry is not None:
            self._jsqm.removeListener(entry[1])
