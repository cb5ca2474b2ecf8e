"""A program in a pseudo-terminal, as a user's terminal runs it: for the end-to-end tests
and the start-up benchmark."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Terminal:
    """A command (the real app) in a pseudo-terminal of ``width`` x ``height``."""

    def __init__(self, argv: list[str], width: int = 100, height: int = 30) -> None:
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(width),
               "LINES": str(height)}
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = bytearray()  # appended in place: a bytes += would copy all output so far
        # at every read, which in a long session costs more than the app does to draw a line

    def read(self, timeout: float = 0.05) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        chunk = b""
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
        self.seen += chunk
        return chunk

    def wait_for(self, text: bytes, after: int, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.seen[after:]:
                return True
            self.read()
        return False

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def send(self, keys: str) -> None:
        """Write ``keys`` as fast as the terminal takes them (a burst, a paste), reading
        the program's output meanwhile so that neither side blocks."""
        data = keys.encode()
        while data:
            try:
                data = data[os.write(self.master, data) :]
            except BlockingIOError:
                self.read(0.01)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)
