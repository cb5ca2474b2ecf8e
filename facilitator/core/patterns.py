"""Regular expressions compiled the first time they are used, not when their module is
imported.

Python compiles a pattern in Python itself, and the modules every start imports held about
seventy at module level (a tenth of facilitator's own import time). Most of them read what
someone types (dates, votes, owners, review answers) or a file name, which a start never
does before its first screen. ``lazy`` keeps such a pattern's text and compiles it at its
first match; a pattern the first screen needs is compiled then, as before.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any


class Lazy:
    """A pattern and its flags, compiled on first use; the methods are ``re.Pattern``'s."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def fullmatch(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[Any]:
        return self.compiled.findall(text)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(text, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count)


def lazy(pattern: str, flags: int = 0) -> Lazy:
    """``re.compile(pattern, flags)``, made at the pattern's first use."""
    return Lazy(pattern, flags)
