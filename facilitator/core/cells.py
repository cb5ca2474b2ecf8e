"""Text cut to a width in terminal cells, as tables and panels show it.

A cell of a table or a name in a panel's column is cut where it would pass its width,
ending in "…" so that the cut is seen. Widths are counted in terminal cells (rich.cells),
not characters: 会议 or an emoji takes two, so a row holding one still lines up.
"""

from __future__ import annotations


def cut(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells; else as much as fits in ``width - 1`` and
    "…" (a wide character cut in two leaves a space, dropped)."""
    from rich.cells import cell_len, set_cell_size  # imported when first asked (the CLI)

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip(" ") + "…"
