"""Where PySpark 3 kept its exception classes; they live in spate.errors."""

from spate.errors import (  # noqa: F401
    AnalysisException,
    IllegalArgumentException,
    ParseException,
    StreamingQueryException,
    UnsupportedOperationException,
)
