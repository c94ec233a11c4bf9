"""A one-line progress bar on stderr, for long runs on a terminal.

Nothing is drawn until the run has taken ``delay`` seconds, so short runs (a pre-commit
hook on a few files) stay silent; the line is erased when the run ends, before the report.
The runner only creates one when stdout and stderr are terminals and the format is text.
"""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO, *, delay: float = 0.5,
                 interval: float = 0.1, width: int = 30) -> None:
        self.total = total
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def advance(self, label: str = "") -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last_draw < self.interval
                                               and self.done < self.total):
            return
        self.last_draw = now
        self.drawn = True
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        tail = label[-40:]
        self.stream.write(f"\r\x1b[2K[{bar}] {self.done}/{self.total} files {tail}")
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False
