"""What the fuzz tests (tests/interchange/test_fuzz.py, tests/spreadsheets/test_fuzz.py) look for
in a message: Python's own words, a traceback in disguise."""

ENGLISH = (
    "Traceback",
    "Error:",
    "object has no attribute",
    "unsupported operand",
    "invalid literal",
    "NoneType",
)


def speaks_python(message: str) -> bool:
    return any(word in message for word in ENGLISH)
