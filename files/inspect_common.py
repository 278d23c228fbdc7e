"""What every part of the upload check shares: one way to refuse, and leaving the file at its start."""

import contextlib
from typing import NoReturn

from core.errors import ApplicationError


def refuse(message: str, field: str = "file", **params) -> NoReturn:
    text = message % params if params else message
    raise ApplicationError(text, {field: [text]})


@contextlib.contextmanager
def rewound(fileobj):
    """Read the file from its start, and leave it at its start for the next check and for storing."""
    fileobj.seek(0)
    try:
        yield fileobj
    finally:
        fileobj.seek(0)
