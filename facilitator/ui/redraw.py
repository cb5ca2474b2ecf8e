"""Putting new text in a Static without laying the screen out again when nothing moves.

``Static.update`` lays the whole screen out again by default (Textual cannot tell whether
the new text changes the widget's size). The live screen updates its title, clock, prompt,
countdown label and status line on every save and every second's tick, so each save and
each tick reflowed and redrew all of it: most of the 100-odd ms a line typed on matters
arising held the event loop at 1,000 sessions. :func:`show` skips text the widget already
shows, and asks for a layout only when the widget's size can follow its text and the new
text's size differs.
"""

from __future__ import annotations

from typing import cast

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.widgets import Static


def show(widget: Static, content: Content, *, again: bool = False) -> None:
    """Show ``content`` in ``widget``: nothing done if it shows that already (the same
    text and styles) unless ``again`` (drawn again all the same: a status line says each
    save, even one said in the same words as the last); laid out again only if its size
    changes with it."""
    old = widget.content
    same = isinstance(old, Content) and (old.plain, old.spans) == (content.plain, content.spans)
    if same and not again:
        return
    widget.update(content, layout=not same and _resizes(widget, old, content))


def _resizes(widget: Static, old: object, new: Content) -> bool:
    """Whether showing ``new`` instead of ``old`` can change ``widget``'s size."""
    width = widget.content_size.width
    if not isinstance(old, Content) or width <= 0:  # not laid out yet, or not text
        return True
    styles = widget.styles
    if styles.width is None or styles.width.is_auto:  # as wide as its longest line
        if _widths(old) != _widths(new):
            return True
    if styles.height is None or styles.height.is_auto:  # as tall as its text, wrapped
        rules = cast("RulesMap", styles)
        return old.get_height(rules, width) != new.get_height(rules, width)
    return False


def _widths(content: Content) -> list[int]:
    return [cell_len(line) for line in content.plain.split("\n")]
