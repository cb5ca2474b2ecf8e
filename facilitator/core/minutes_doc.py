"""The minutes as a document — headings, paragraphs, lists, tables — and its four formats.

``document`` lays the minutes model out once; Markdown, HTML, plain text and DOCX only render
blocks. User text is always escaped for the format it lands in, never interpreted: a note
reading ``<script>`` or ``[b]x`` or ``**x**`` prints as typed.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from facilitator.core import fingerprint
from facilitator.core.controls import visible, xml_text
from facilitator.core.minutes_model import ActionLine, DecisionLine, ItemMinutes, Minutes

Span = tuple[str, str]  # (text, style): "" plain user text, "b" strong, "raw" our own words,
# "ref" an action's code (strong; digits and dots we made, so never escaped)


@dataclass
class Block:
    kind: str  # h1 h2 h3 | p | em | ul | table
    spans: list[Span] = field(default_factory=list)
    items: list[list[Span]] = field(default_factory=list)  # ul
    header: list[str] = field(default_factory=list)  # table
    rows: list[list[str]] = field(default_factory=list)


def _p(*spans: Span) -> Block:
    return Block("p", list(spans))


def _plain(text: str) -> list[Span]:
    return [(text, "")]


def _numbered(number: int, text: str) -> list[Span]:
    return [(f"{number}. ", "raw"), (text, "")]


def _ul(items: list[list[Span]]) -> Block:
    return Block("ul", items=items)


def document(m: Minutes) -> list[Block]:
    out = [Block("h1", _plain(m.title))]
    if m.public:
        out.append(
            Block(
                "em",
                _plain(
                    "Public version: confidential items are withheld and shown only as "
                    "'Confidential item'."
                ),
            )
        )
    meta = [
        ("Partnership", m.partnership),
        ("Date", m.when),
        ("Venue", m.venue),
        ("Chair", m.chair),
        ("Secretary", m.secretary),
        ("Status", m.status),
    ]
    out.append(_ul([[(f"{k}:", "b"), (f" {v}", "")] for k, v in meta if v]))
    if m.approval:  # "Draft — not yet approved" or "Approved as a true record at …"
        out.append(_p((m.approval, "b")))
    if m.corrections:
        out.append(_p(("Corrections made at approval:", "b"), (" " + m.corrections, "")))
    out.append(Block("h2", _plain("Present")))
    if m.present:
        out.append(
            _ul(
                [
                    [(org, "b"), (f" ({sector}): {', '.join(names)}", "")]
                    for org, sector, names in m.present
                ]
            )
        )
    else:
        out.append(_p(("No one is recorded as present.", "")))
    out.append(Block("h2", _plain("Apologies")))
    out.append(_ul([_plain(a) for a in m.apologies]) if m.apologies else _p(("None.", "")))
    for heading, lines in (
        ("Absent", m.absent),
        ("Arrivals and departures", m.movements),
        ("Declarations of interest", m.interests),
    ):
        if lines:
            out += [Block("h2", _plain(heading)), _ul([_plain(line) for line in lines])]
    if m.quorum:
        out.append(_p((f"Quorum: {m.quorum}", "")))
    for item in m.items:
        out += _item(item)
    if m.arising:
        out += [
            Block("h2", _plain("Matters arising")),
            _p(
                (
                    "Actions from earlier meetings that were open when this meeting began, "
                    "as they stood when it ended.",
                    "",
                )
            ),
            Block(
                "table",
                header=["Code", "Action", "Owner", "Due", "Status", "Update at this meeting"],
                rows=[
                    [
                        a.code,
                        a.text,
                        a.owner or "No owner yet",
                        a.due or "no date",
                        a.status,
                        a.update or "no update",
                    ]
                    for a in m.arising
                ],
            ),
        ]
    if m.checklist:
        out += [
            Block("h2", _plain("Checklist review")),
            _p(
                (
                    "Whose view: the whole room's answer, or a sector's own view of the item. "
                    "A count is a show of hands (yes · no · not sure); the most hands give "
                    "the answer.",
                    "",
                )
            ),
        ]
        for title in dict.fromkeys(c.checklist for c in m.checklist):
            out += [
                Block("h3", _plain(title)),
                Block(
                    "table",
                    header=["Item", "Whose view", "Answer", "Note"],
                    rows=[
                        [f"{c.ref}. {c.text}", c.whose, c.answer, c.note]
                        for c in m.checklist
                        if c.checklist == title
                    ],
                ),
            ]
    if m.health:
        out += [
            Block("h2", _plain("Partnership health over time")),
            _p(
                (
                    "The whole room's answer at each review, oldest first (✓ yes, ✗ no, "
                    "? not sure), with the count where hands were counted.",
                    "",
                )
            ),
            Block(
                "table",
                header=["Item", "Reviews", "Since last review", "Improvement actions open"],
                rows=m.health,
            ),
        ]
    if m.participation:
        out += [
            Block("h2", _plain("Participation")),
            Block("table", header=["Who", "Spoke"], rows=[list(r) for r in m.participation]),
        ]
    out.append(Block("h2", _plain("Actions")))
    if not m.actions:
        out.append(_p(("No actions were recorded.", "")))
        return out + _next_meeting(m)
    if m.approved:  # approved minutes are the record as approved; progress is the tracker's
        out.append(
            _p(
                (
                    "Each action's owner, due date and status as they stood when these "
                    "minutes were approved; the tracker (facilitator actions) has its progress "
                    "since.",
                    "",
                )
            )
        )
    out.append(
        Block(
            "table",
            header=["Code", "Owner", "Action", "Due", "Status", "Item"],
            rows=[
                [
                    a.code,
                    a.owner or "No owner yet",
                    a.text,
                    a.due or "no date",
                    a.status,
                    str(a.item),
                ]
                for a in m.actions
            ],
        )
    )
    out.append(Block("h2", _plain("Actions by owner")))
    for owner, owned in m.actions_by_owner.items():
        out += [Block("h3", _plain(owner)), _ul([_coded(a.code, _by_owner(a)) for a in owned])]
    return out + _next_meeting(m)


def _next_meeting(m: Minutes) -> list[Block]:
    """The minutes' last line: "Date of next meeting: Wednesday 10 February 2027, 14:00"."""
    if not m.next_meeting:
        return []
    return [  # under its own heading: not read as part of the last owner's actions
        Block("h2", _plain("Next meeting")),
        _p(("Date of next meeting:", "b"), (f" {m.next_meeting}", "")),
    ]


def _coded(code: str, text: str) -> list[Span]:
    """A line led by its code, so the next meeting can say "/done 1.2" (an action) or an
    action can say "for D2" (a decision)."""
    return [(code, "ref"), (" " + text, "")] if code else _plain(text)


def _by_owner(a: ActionLine) -> str:
    return f"{a.text} — {'due ' + a.due if a.due else 'no due date'} ({a.status}, item {a.item})"


def _decision(d: DecisionLine) -> str:
    line = f"{d.text} — owner: {d.owner or 'no owner recorded'}"
    if d.status != "agreed" or d.how != "by consensus":  # agreed by consensus goes unsaid
        line += f" — {d.status}, {d.how}"
    if d.review:
        line += f" — review {d.review}"
    if d.dissent:
        line += f" — dissent: {d.dissent}"
    if d.corrected:
        line += " (corrected during the meeting)"
    return line


def _item(item: ItemMinutes) -> list[Block]:
    flags = [f"{item.timebox} min", item.kind]
    if item.confidential:
        flags.append("confidential")
    if item.lead:
        flags.append(f"lead: {item.lead}")
    out = [
        Block("h2", _numbered(item.number, item.title)),
        Block("em", _plain(", ".join(flags))),
    ]
    if item.changes:
        out.append(_p(("Agenda change:", "b"), (" " + "; ".join(item.changes), "")))
    if item.choices:
        out.append(_p(("Over time:", "b"), (" " + "; ".join(item.choices), "")))
    if item.withheld:
        out.append(_p((item.withheld, "")))
        return out
    if item.reviews:
        out.append(_p(("Checklist review:", "b"), (" " + " ".join(item.reviews), "")))
    if not (item.notes or item.decisions or item.actions or item.reviews):
        out.append(_p(("Nothing recorded.", "")))
        return out
    sections = (
        ("Notes", [_plain(n) for n in item.notes]),
        ("Decisions", [_coded(d.label, _decision(d)) for d in item.decisions]),
        (
            "Actions",
            [
                _coded(
                    a.code,
                    f"{a.owner or 'No owner yet'}: {a.text} — "
                    f"{'due ' + a.due if a.due else 'no due date'}"
                    + (f" (carries out {a.carries})" if a.carries else ""),
                )
                for a in item.actions
            ],
        ),
    )
    for label, lines in sections:
        if lines:
            out += [_p((label, "b")), _ul(lines)]
    return out


# --------------------------------------------------------------------------- Markdown

_BLOCK_MARK = re.compile(r"^(\s*)([#>+*=-])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
_INDENT = re.compile(r"^\s+")
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")  # a heading would drop them ("Budget review #")
# What Markdown would read inside a line, backslash-escaped so it shows as typed when
# rendered: escapes, code, emphasis, links and table bars always; "&" only before an entity,
# "<" only before a tag or autolink, "~" only doubled, "_" unless inside a word (snake_case
# and A&E stay readable in the file).
_INLINE_MARK = re.compile(
    r"[\\`*\[\]|]"
    r"|&(?=#?\w+;)"
    r"|<(?=[A-Za-z/!?])"
    r"|~(?=~)|(?<=~)~"
    r"|(?<![^\W_])_|_(?![^\W_])"
)


def _escape_inline(text: str) -> str:
    return _INLINE_MARK.sub(lambda m: "\\" + m.group(0), text)


def md_text(text: str) -> str:
    """User text for a Markdown paragraph or list item, shown as typed once rendered (in the
    minutes screen, or any Markdown viewer): one line per line; inline marks escaped, and
    what would start a heading, quote or list at the start of a line."""
    # Indenting would make code of a line, and a blank line would end the list item; the
    # first line keeps one space of its indent (it may join a span before it: "**Date:** …").
    first, *rest = text.splitlines() or [""]
    lines = [_INDENT.sub(" ", first), *(line.lstrip() for line in rest if line.strip())]
    return "  \n  ".join(
        _CLOSING_HASHES.sub(
            r"\1\\\2",
            _NUMBERED.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", _escape_inline(line))),
        )
        for line in lines
    )


def md_cell(text: str) -> str:
    return _escape_inline(" ".join(text.split())) or " "


def _md_spans(spans: list[Span]) -> str:
    return "".join(
        t
        if style == "raw"
        else f"**{t}**"
        if style == "ref"
        else f"**{md_text(t)}**"
        if style == "b"
        else md_text(t)
        for t, style in spans
    )


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind in ("h1", "h2", "h3"):
            out += [f"{'#' * int(b.kind[1])} {_md_spans(b.spans)}", ""]
        elif b.kind == "em":
            out += [f"*{_md_spans(b.spans)}*", ""]
        elif b.kind == "p":
            out += [_md_spans(b.spans), ""]
        elif b.kind == "ul":
            out += [f"- {_md_spans(item)}" for item in b.items] + [""]
        elif b.kind == "table":
            out += ["| " + " | ".join(b.header) + " |", "|" + "---|" * len(b.header)]
            out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in b.rows] + [""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5;
color:#111;background:#fff}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}h1,h2,h3{line-height:1.2}em{color:#333}
.signature{margin-top:2.5rem}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}"""


def _html_spans(spans: list[Span]) -> str:
    return "".join(f"<strong>{_esc(t)}</strong>" if strong else _esc(t) for t, strong in spans)


def _esc(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def to_html(blocks: list[Block]) -> str:
    title = next((_esc("".join(t for t, _ in b.spans)) for b in blocks if b.kind == "h1"), "")
    body = []
    for b in blocks:
        if b.kind in ("h1", "h2", "h3"):
            body.append(f"<{b.kind}>{_html_spans(b.spans)}</{b.kind}>")
        elif b.kind == "em":
            body.append(f"<p><em>{_html_spans(b.spans)}</em></p>")
        elif b.kind == "p":
            body.append(f"<p>{_html_spans(b.spans)}</p>")
        elif b.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{_html_spans(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "sign":  # the chair's signature block (printed, signed by hand)
            body.append(f'<p class="signature">{_html_spans(b.spans)}</p>')
        elif b.kind == "table":
            head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in b.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in b.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- plain text


def _txt_spans(spans: list[Span]) -> str:
    return " ".join("".join(t for t, _ in spans).split("\n"))


def to_text(blocks: list[Block]) -> str:
    """Plain text for an email body: underlined headings, dashes for lists, no markup."""
    out: list[str] = []
    for b in blocks:
        text = _txt_spans(b.spans)
        if b.kind == "h1":
            out += [text.upper(), "=" * min(len(text), 72), ""]
        elif b.kind == "h2":
            out += [text, "-" * min(len(text), 72), ""]
        elif b.kind in ("h3", "p", "em"):
            out += [text, ""]
        elif b.kind == "ul":
            out += [f"  - {_txt_spans(i)}" for i in b.items] + [""]
        elif b.kind == "table":
            for row in b.rows:
                out.append(
                    "  - "
                    + "; ".join(f"{h}: {c}" for h, c in zip(b.header, row, strict=False) if c)
                )
            out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


# --------------------------------------------------------------------------- DOCX


def to_docx(blocks: list[Block]) -> bytes:
    """A Word document: real headings, lists, and every table a Word table."""
    from docx import Document

    doc = Document()
    for b in _each_text(blocks, xml_text):  # python-docx refuses what XML cannot hold
        if b.kind in ("h1", "h2", "h3"):
            doc.add_heading("".join(t for t, _ in b.spans), level=int(b.kind[1]) - 1 or 0)
        elif b.kind == "sign":  # the chair's signature block, with room to sign
            doc.add_paragraph().add_run("".join(t for t, _ in b.spans))
        elif b.kind in ("p", "em"):
            para = doc.add_paragraph()
            for text, style in b.spans:
                run = para.add_run(text)
                run.bold, run.italic = style in ("b", "ref"), b.kind == "em"
        elif b.kind == "ul":
            for item in b.items:
                para = doc.add_paragraph(style="List Bullet")
                for text, style in item:
                    para.add_run(text).bold = style in ("b", "ref")
        elif b.kind == "table":
            table = doc.add_table(rows=1, cols=len(b.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in b.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


FORMATS: dict[str, tuple[str, Callable[[list[Block]], str | bytes]]] = {
    "md": ("md", to_markdown),
    "html": ("html", to_html),
    "txt": ("txt", to_text),
    "docx": ("docx", to_docx),
}


def _each_text(blocks: list[Block], change: Callable[[str], str]) -> list[Block]:
    """``blocks`` with ``change`` applied to every piece of text in them."""

    def spans(found: list[Span]) -> list[Span]:
        return [(change(text), style) for text, style in found]

    return [
        replace(
            b,
            spans=spans(b.spans),
            items=[spans(i) for i in b.items],
            header=[change(h) for h in b.header],
            rows=[[change(c) for c in row] for row in b.rows],
        )
        for b in blocks
    ]


def closing(m: Minutes) -> list[Block]:
    """What follows the minutes' record: the amendments made after approval."""
    if not m.amendments:
        return []
    return [
        Block("h2", _plain("Amendments after approval")),
        _p(("Corrections recorded after these minutes were approved, oldest first.", "")),
        Block("table", header=["When", "What", "From", "To", "By"], rows=m.amendments),
    ]


def finished(m: Minutes, fmt: str) -> list[Block]:
    """The whole document in ``fmt``: approved minutes end with their fingerprint, made of
    the plain text before it (core/fingerprint.py), and Word and HTML minutes with a
    signature block for the chair."""
    blocks = _each_text(document(m) + closing(m), visible)
    if m.approved:
        digest = fingerprint.fingerprint(to_text(blocks))
        blocks.append(Block("p", [(fingerprint.line(digest), "raw")]))
    if fmt in ("html", "docx"):
        blocks.append(Block("sign", [("Signed: ……………………………………………… Chair", "")]))
        blocks.append(Block("sign", [("Date: ……………………………", "")]))
    return blocks


def minutes_fingerprint(m: Minutes) -> str:
    """The fingerprint approved minutes ``m`` carry (of either version, as ``m`` is)."""
    return fingerprint.fingerprint(to_text(_each_text(document(m) + closing(m), visible)))


def render(m: Minutes, fmt: str) -> str | bytes:
    """The minutes in ``fmt``; a control character in stored text (an import, a hand-edited
    file) is shown, never obeyed by the terminal or viewer the minutes reach."""
    return FORMATS[fmt][1](finished(m, fmt))
