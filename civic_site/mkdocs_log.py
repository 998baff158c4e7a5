"""Handlers put on MkDocs' logger (`mkdocs`) for a while: to count a build's warnings, or
to keep its messages as the console prints them (the parallel build's processes).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

LOGGER_NAME = "mkdocs"

HandlerT = TypeVar("HandlerT", bound=logging.Handler)


class FormattedLines(logging.Handler):
    """Keeps every record as a line, formatted by the handler's formatter."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def console_handlers() -> list[logging.StreamHandler]:
    """The handlers through which MkDocs' messages reach the terminal."""
    logger = logging.getLogger(LOGGER_NAME)
    return [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]


def like_the_console(handler: HandlerT) -> HandlerT:
    """`handler` with the console's formatter and level, so that it gets the same lines."""
    streams = console_handlers()
    if streams:
        handler.setFormatter(streams[0].formatter)
    handler.setLevel(streams[0].level if streams else logging.NOTSET)
    return handler


@contextmanager
def on_mkdocs_log(handler: HandlerT) -> Iterator[HandlerT]:
    """`handler` receives MkDocs' messages until the block ends."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
