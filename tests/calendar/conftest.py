"""The measurement tests' small organisation and its users (``org``)."""

from tests.measurement.conftest import org  # noqa: F401
