"""PySpark's exception classes (pyspark.errors), raised with the engine's message."""

__all__ = [
    "PySparkException",
    "AnalysisException",
    "ParseException",
    "IllegalArgumentException",
    "StreamingQueryException",
    "UnsupportedOperationException",
    "SparkRuntimeException",
    "PySparkTypeError",
    "PySparkValueError",
]


class PySparkException(Exception):
    """Base of the errors the engine raises; str() is the engine's message."""

    def __init__(self, message=None, errorClass=None, messageParameters=None):
        super().__init__(message)
        self._message = message
        self._errorClass = errorClass
        self._messageParameters = messageParameters or {}

    def getErrorClass(self):
        return self._errorClass

    def getMessageParameters(self):
        return dict(self._messageParameters)

    def getMessage(self):
        return self._message


class AnalysisException(PySparkException):
    """A query that cannot be analysed: unknown column, wrong type, unsupported operation."""


class ParseException(AnalysisException):
    """SQL text (a query, an expression, a DDL schema) that does not parse."""


class IllegalArgumentException(PySparkException):
    """An argument or option with a value the engine refuses."""


class UnsupportedOperationException(PySparkException):
    """Something spate does not do (yet)."""


class SparkRuntimeException(PySparkException):
    """An error while running a query: bad input under FAILFAST, an I/O error."""


class StreamingQueryException(PySparkException):
    """The error that stopped a streaming query (from awaitTermination, exception())."""


class PySparkTypeError(PySparkException, TypeError):
    """A Python argument of the wrong type."""


class PySparkValueError(PySparkException, ValueError):
    """A Python argument with a wrong value."""
