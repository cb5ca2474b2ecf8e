"""What a carried-out line did, in one line for the user."""

from __future__ import annotations

import msgspec


class Outcome(msgspec.Struct, frozen=True):
    """What a carried-out line did, in one line for the user."""

    message: str
    moved: bool = False  # the current item changed
    ended: bool = False
    deferred: bool = False  # an item now waits for the next meeting
    then: str = ""  # the end of ``message`` saying what followed ("now on item 4: …")

    def said(self, where: str = "") -> str:
        """The message, with ``where`` (where a deferred item went, as the store found it)
        said with the deferral and before what followed, never after it: "Deferred item 3:
        X to the next meeting (added to …); now on item 4: Y"."""
        if not where:
            return self.message
        tail = f"; {self.then}" if self.then else ""
        return f"{self.message.removesuffix(tail)} ({where}){tail}"


def short(text: str, width: int = 40) -> str:
    """User text quoted in a message, cut to ``width`` with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"
