"""StreamingQueryListener and the events it is given, as PySpark's."""

import json

__all__ = ["StreamingQueryListener", "StreamingQueryProgress"]


class StreamingQueryListener:
    """Subclass and override the callbacks; they run on the query's thread."""

    def onQueryStarted(self, event):
        pass

    def onQueryProgress(self, event):
        pass

    def onQueryIdle(self, event):
        pass

    def onQueryTerminated(self, event):
        pass


class QueryStartedEvent:
    def __init__(self, id, runId, name, timestamp):
        self.id, self.runId, self.name, self.timestamp = id, runId, name or None, timestamp


class QueryIdleEvent:
    def __init__(self, id, runId, timestamp):
        self.id, self.runId, self.timestamp = id, runId, timestamp


class QueryTerminatedEvent:
    def __init__(self, id, runId, exception):
        self.id, self.runId, self.exception = id, runId, exception
        self.errorClassOnException = None


class StreamingQueryProgress:
    """A batch's progress: Spark's fields as attributes (and keys), json and prettyJson."""

    def __init__(self, text):
        self._json = text
        self._dict = json.loads(text)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._dict[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        return self._dict[key]

    @property
    def json(self):
        return self._json

    @property
    def prettyJson(self):
        return json.dumps(self._dict, indent=2)

    def __repr__(self):
        return self.prettyJson


class QueryProgressEvent:
    def __init__(self, progress):
        self.progress = progress


class _ListenerAdapter:
    """What the engine calls: builds the event objects and calls the user's listener."""

    def __init__(self, listener):
        self._listener = listener

    def started(self, id, runId, name, timestamp):
        self._listener.onQueryStarted(QueryStartedEvent(id, runId, name, timestamp))

    def progress(self, text):
        self._listener.onQueryProgress(QueryProgressEvent(StreamingQueryProgress(text)))

    def idle(self, id, runId, timestamp):
        self._listener.onQueryIdle(QueryIdleEvent(id, runId, timestamp))

    def terminated(self, id, runId, exception):
        self._listener.onQueryTerminated(QueryTerminatedEvent(id, runId, exception))
