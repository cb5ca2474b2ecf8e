"""Control characters in whatever a screen draws are drawn as marks (ESC as ␛, as
core/controls.py shows them in the minutes and tables), never written to the terminal.

Stored text can hold any control character (an import, a hand-edited file, a paste), and
Textual writes the text of what it draws as it is: an ESC in a note drove the terminal (ESC
then "p" swallowed the "p"; an OSC sequence can retitle the window or write to the
clipboard). A line filter is the last step before a line is written, so one filter covers
every widget of every screen: the feed, the agenda, the prompts, the room view, the inputs.
A control character takes no cell where the line was laid out and its mark takes one, so a
line is cut back to its width: the padding at its end gives way first, then its last cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from facilitator.core.controls import has_control, pictured


class ControlMarks(LineFilter):
    """Each control character in a line's text as its mark."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(has_control(text) for text, _style, control in segments if not control):
            return segments
        width = Segment.get_line_length(segments)
        marked = [
            Segment(pictured(text), style) if not control and has_control(text) else segment
            for segment in segments
            for text, style, control in (segment,)
        ]
        return Segment.adjust_line_length(marked, width)  # the line as wide as it was laid out


MARKS = ControlMarks()


def with_marks(filters: Sequence[LineFilter]) -> list[LineFilter]:
    """Textual's own line filters (colours, dimming), then the control characters' marks."""
    return [*filters, MARKS]
