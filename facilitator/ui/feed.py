"""The live screen's feed: what was captured on the current item, a line an entry.

One widget that renders its own lines (Textual's line API) inside the feed panel, which
scrolls it, instead of a Static holding the whole feed: that was wrapped and drawn again in
full on every save (3 s a line with 5,000 entries on the item). Here a line given again —
the same Content object, as ``render.feed`` hands back for an entry that has not changed —
keeps its layout and its drawing, so a save lays out the new line alone, and only the lines
in view are ever drawn. Each line is drawn as a Static draws it, cell for cell; text can be
selected and copied as from a Static.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from typing import cast

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Offset, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget

from facilitator.ui.wrapping import wrapped_rows, wraps_plainly


class Feed(Widget):
    """Lines of Content, each wrapped to the width; :meth:`show` puts up a new set."""

    DEFAULT_CSS = """
    Feed {
        height: auto;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._lines: list[Content] = []
        self._width = 0  # the width the lines are laid out for
        self._laid: dict[int, tuple[Content, int, int]] = {}  # id → (line, rows, its lines)
        self._tops: list[int] = []  # each line's first row
        self._bases: list[int] = []  # each line's first line of text (it may have several)
        self._rows = 0
        self._drawn: dict[int, tuple[Content, list[Strip]]] = {}  # id → (line, its rows)

    @property
    def lines(self) -> list[Content]:
        """The lines shown."""
        return self._lines

    def show(self, lines: list[Content]) -> None:
        """Show ``lines``. Those shown before (the same objects) keep their layout and
        drawing; when ``lines`` are the lines shown before and more, only those are laid
        out."""
        rows, old = self._rows, len(self._lines)
        if len(lines) >= old and all(map(operator.is_, self._lines, lines)):
            added = lines[old:]
            self._lines = list(lines)
            self._lay_out_more(added)
        else:
            self._lines = list(lines)
            kept = {id(line) for line in lines}
            self._drawn = {k: v for k, v in self._drawn.items() if k in kept}
            self._lay_out(self._width)
        self.refresh(layout=self._rows != rows)

    def render(self) -> Content:
        """The whole feed, as a Static holding it would render (for copying a selection)."""
        return Content("\n").join(self._lines)

    # -- laying out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._width:
            self._laid.clear()
            self._drawn.clear()
            self._lay_out(width)
        return self._rows

    def _lay_out(self, width: int) -> None:
        """Each line's rows at ``width``: those laid out before at that width are kept."""
        self._width = width
        before, self._laid = self._laid, {}
        self._tops, self._bases, self._rows = [], [], 0
        self._lay_out_more(self._lines, before)

    def _lay_out_more(
        self, lines: list[Content], before: dict[int, tuple[Content, int, int]] | None = None
    ) -> None:
        """Lay ``lines`` out after those laid out already."""
        if self._width <= 0:
            return
        laid, tops, bases = self._laid, self._tops, self._bases
        plainly = wraps_plainly(self.styles)  # once for all the lines
        base = bases[-1] + laid[id(self._lines[len(bases) - 1])][2] if bases else 0
        for line in lines:
            key = id(line)
            known = laid.get(key) or (before.get(key) if before else None)
            if known is None:
                breaks = line.plain.count("\n")
                known = (line, self._height(line, breaks, plainly), breaks + 1)
            laid[key] = known
            tops.append(self._rows)
            bases.append(base)
            self._rows += known[1]
            base += known[2]

    def _height(self, line: Content, breaks: int, plainly: bool) -> int:
        if not breaks and line.cell_length <= self._width:
            return 1
        if plainly and "\t" not in line.plain:
            return wrapped_rows(line.plain, self._width)
        return max(1, line.get_height(self._rules, self._width))

    @property
    def _rules(self) -> RulesMap:
        """The styles as a Static's content reads its rules (Textual passes them so)."""
        return cast("RulesMap", self.styles)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # a theme change: the lines' colours change

    # -- drawing

    def render_line(self, y: int) -> Strip:
        if y >= self._rows or not self._tops:
            return Strip.blank(self.size.width, self.visual_style.rich_style)
        number = bisect_right(self._tops, y) - 1
        line, base = self._lines[number], self._bases[number]
        selection = self.text_selection
        if selection is None:
            drawn = self._drawn.get(id(line))
            if drawn is None:
                drawn = self._drawn[id(line)] = (line, self._draw(line))
            strips = drawn[1]
        else:  # drawn afresh while text is selected, with the selection moved to this line
            strips = self._draw(line, _moved(selection, base))
        row = y - self._tops[number]
        strip = strips[row] if row < len(strips) else Strip.blank(self.size.width)
        return _placed(strip, base)

    def _draw(self, line: Content, selection: Selection | None = None) -> list[Strip]:
        """One line's rows, as ``Visual.to_strips`` draws a Static's content."""
        selection_style = None
        if selection is not None:
            selection_style = Style.from_styles(
                self.screen.get_component_styles("screen--selection")
            )
        options = RenderOptions(self._get_style, self._rules, selection, selection_style)
        return line.render_strips(self._width, None, self.visual_style, options)


def _moved(selection: Selection, base: int) -> Selection:
    """``selection`` (in the feed's lines of text) as seen from a line drawn on its own
    whose first line of text is ``base``."""

    def moved(offset: Offset | None) -> Offset | None:
        return None if offset is None else Offset(offset.x, offset.y - base)

    return Selection(moved(selection.start), moved(selection.end))


def _placed(strip: Strip, base: int) -> Strip:
    """A row of a line drawn on its own, with the offsets that text selection reads moved
    to where they are in the whole feed: ``base`` is the line's first line of text."""
    if not base:
        return strip
    for _text, style, _control in strip:
        offset = style.meta.get("offset") if style is not None else None
        if offset is not None:
            return strip.apply_offsets(offset[0], base + offset[1])
    return strip
