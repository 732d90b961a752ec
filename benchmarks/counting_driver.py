"""A driver for benchmarks that draws as a terminal's would and throws the drawing away.

Textual's headless driver (the test harness's) skips rendering altogether, so an app run with it
spends neither the time nor the memory a player's app spends drawing. This one renders, counts
the bytes a terminal would receive and when the last ones came, and keeps nothing.
"""

from __future__ import annotations

import time

from textual.drivers.headless_driver import HeadlessDriver


class CountingDriver(HeadlessDriver):
    """The headless driver, but rendering; what a terminal would receive is counted, not kept."""

    written = 0
    last_write = 0.0

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        CountingDriver.written += len(data.encode())
        CountingDriver.last_write = time.monotonic()
