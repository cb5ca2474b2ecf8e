"""How many rows a line of text takes wrapped to a width, as Textual's Content counts them,
without wrapping and formatting it: the feed and the agenda panel lay out every line they
hold (5,000 entries on a long item, 1,000 agenda items), and ``Content.get_height`` makes
every piece of every line to count them (about twice the time).

Rows are counted where rich's ``divide_line`` divides a line (Textual's own wrapping). A
line of printable ASCII, a cell a character, is counted here by the same rule, word by
word, without the cell widths and offsets ``divide_line`` works out: at every start the
feed counts the rows of every entry on the item before it is drawn (200 entries: 27M of
the 1,370M instructions to the live screen's first paint). Any other line, and one with a
word too long for a row (folded), is left to ``divide_line`` itself.
"""

from __future__ import annotations

import re

from rich._wrap import divide_line  # where Textual's own wrapping divides a line
from textual.css.styles import StylesBase

_WORD = re.compile(r"\s*\S+\s*")  # a word and the spaces after it, as divide_line reads them


def wraps_plainly(styles: StylesBase) -> bool:
    """Whether ``styles`` wrap words as Content does by default (wrapping on, words folded,
    no padding of lines): only then is a line's height its words' wrap alone."""
    return (styles.text_wrap, styles.text_overflow, styles.line_pad) == ("wrap", "fold", 0)


def wrapped_rows(plain: str, width: int) -> int:
    """The rows ``plain`` (no tabs) takes wrapped to ``width`` with such styles: each of its
    lines divided where Content divides it."""
    width = max(width, 1)
    return sum(_rows(text, width) for text in plain.split("\n"))


def _rows(text: str, width: int) -> int:
    """The rows one line takes: a word goes on the row if it fits there without the spaces
    after it, else it starts the next row, as in ``divide_line``."""
    if not (text.isascii() and text.isprintable()):  # a character may take 0 or 2 cells
        return len(divide_line(text, width, fold=True)) + 1
    if len(text) <= width:
        return 1
    rows, used = 1, 0
    for word in _WORD.findall(text):
        length = len(word.rstrip())
        if length > width:  # folded across rows
            return len(divide_line(text, width, fold=True)) + 1
        if width - used >= length:
            used += len(word)
        else:  # (a row holds a word already: this one would fit on a row of its own)
            rows += 1
            used = len(word)
    return rows
