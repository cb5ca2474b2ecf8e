"""Control characters in stored text, shown rather than obeyed wherever the text goes.

Text reaches the record from imports and hand-edited files as well as from the capture bar,
so it can hold NUL, ESC or any other control character. Printed raw, an escape sequence
drives the terminal (clears it, recolours it, retitles the window, writes to the clipboard);
and XML, so a Word document, cannot hold most of them at all. Minutes and tables show each
one as a visible mark instead; nothing is said about it (it is not the user's doing).
"""

from __future__ import annotations

import re

# C0 controls (but tab and line feed) and DEL as their Unicode control pictures, ESC as ␛;
# C1 controls have no pictures, so they are shown as escapes, \x9b.
_SHOWN = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_SHOWN[0x7F] = "\u2421"
_SHOWN.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
_LINE_ENDS = re.compile(r"\r\n?")
# Left in XML's way once controls are shown: lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


_CONTROL = re.compile("[" + "".join(map(chr, _SHOWN)) + "]")  # what is shown as a mark


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character :func:`visible` would show as a mark."""
    return _CONTROL.search(text) is not None


def pictured(text: str) -> str:
    """``text`` (one line as drawn) with each control character as its mark: as
    :func:`visible`, a carriage return too (there are no line breaks in a drawn line)."""
    return text.translate(_SHOWN)


def visible(text: str) -> str:
    """``text`` with every control character but tab and line break made visible (ESC as
    ␛, NUL as ␀, DEL as ␡, C1 controls as ``\\x80``…``\\x9f``). A carriage return, alone or
    before a line feed, is a line break."""
    return _LINE_ENDS.sub("\n", text).translate(_SHOWN)


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can hold it: controls made :func:`visible`, and what XML has no
    character for (a lone surrogate, U+FFFE, U+FFFF) replaced with U+FFFD."""
    return _NOT_XML.sub("\ufffd", visible(text))
