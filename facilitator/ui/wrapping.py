"""How many rows a line of text takes wrapped to a width, as Textual's Content counts them,
without wrapping and formatting it: the feed and the agenda panel lay out every line they
hold (5,000 entries on a long item, 1,000 agenda items), and ``Content.get_height`` makes
every piece of every line to count them (about twice the time)."""

from __future__ import annotations

from rich._wrap import divide_line  # where Textual's own wrapping divides a line
from textual.css.styles import StylesBase


def wraps_plainly(styles: StylesBase) -> bool:
    """Whether ``styles`` wrap words as Content does by default (wrapping on, words folded,
    no padding of lines): only then is a line's height its words' wrap alone."""
    return (styles.text_wrap, styles.text_overflow, styles.line_pad) == ("wrap", "fold", 0)


def wrapped_rows(plain: str, width: int) -> int:
    """The rows ``plain`` (no tabs) takes wrapped to ``width`` with such styles: each of its
    lines divided where Content divides it."""
    width = max(width, 1)
    return sum(len(divide_line(text, width, fold=True)) + 1 for text in plain.split("\n"))
