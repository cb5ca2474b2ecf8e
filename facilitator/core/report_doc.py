"""The annual report (core.report) as a document: HTML, Word or Markdown.

- HTML: one file, no script. Each chart is an inline ``<svg role="img">`` with a ``<title>``,
  in a ``<figure>`` beside the table that says the same (its text alternative); user text
  escaped.
- Word (python-docx): real headings and tables, each chart a PNG picture with its
  description as the picture's alternative text, the table after it.
- Markdown: the same sections and tables, escaped as the minutes are; charts are not drawn
  (each chart's table stands in for it).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable

from facilitator.core import charts
from facilitator.core.controls import xml_text
from facilitator.core.minutes_doc import md_cell, md_text
from facilitator.core.report import Figure, Report, Table, long_day

FORMATS = ("html", "docx", "md")

_CSS = """body{font-family:system-ui,sans-serif;max-width:84rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#111;background:#fff}
table{border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.2rem 0}
th,td{border:1px solid #555;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eee}h1,h2,h3{line-height:1.2}h2{margin-top:2.2rem;border-bottom:2px solid #333}
.figure{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start;margin:1rem 0}
.figure figure{margin:0;flex:1 1 30rem;max-width:100%}.figure figure svg{max-width:100%;height:auto}
.figure .alt{flex:1 1 30rem;overflow-x:auto}.figure .alt table{font-size:.8rem}
figcaption{font-size:.85rem;color:#333}
.version{font-weight:bold}nav ol{columns:2}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}.figure{display:block}}"""


def render(report: Report, fmt: str) -> str | bytes:
    found: dict[str, Callable[[Report], str | bytes]] = {
        "html": to_html,
        "docx": to_docx,
        "md": to_markdown,
    }
    return found[fmt](report)


# --------------------------------------------------------------------------- HTML


def _esc(text: str) -> str:
    """User text for the page: escaped, and control characters shown (␛), never obeyed."""
    return html.escape(xml_text(text), quote=True)


def _html_table(table: Table, table_id: str = "") -> str:
    head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in table.headers)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{_esc(c)}</th>' if n == 0 else f"<td>{_esc(c)}</td>"
            for n, c in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    ident = f' id="{table_id}"' if table_id else ""
    return (
        f"<table{ident}><caption>{_esc(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _html_figure(figure: Figure) -> str:
    chart = figure.chart
    table_id = f"table-{chart.key}"
    return (
        '<div class="figure">'
        f'<figure aria-describedby="{table_id}">{charts.svg(chart)}'
        f"<figcaption>{_esc(chart.summary)} The table beside it gives the figures."
        "</figcaption></figure>"
        f'<div class="alt">{_html_table(figure.table, table_id)}</div>'
        "</div>"
    )


def to_html(report: Report) -> str:
    body = [
        f"<h1>{_esc(report.title)}</h1>",
        f"<p>{_esc(report.period)}. Made on {_esc(long_day(report.made_on.isoformat()))}.</p>",
        f'<p class="version">{_esc(report.version)}</p>',
        '<nav aria-label="Contents"><ol>'
        + "".join(f'<li><a href="#{s.key}">{_esc(s.title)}</a></li>' for s in report.sections)
        + "</ol></nav>",
    ]
    for section in report.sections:
        parts = [f'<section id="{section.key}" aria-labelledby="{section.key}-h">']
        parts.append(f'<h2 id="{section.key}-h">{_esc(section.title)}</h2>')
        parts += [f"<p>{_esc(p)}</p>" for p in section.paragraphs]
        parts += [_html_figure(f) for f in section.figures]
        parts += [_html_table(t) for t in section.tables]
        parts.append("</section>")
        body.append("\n".join(parts))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(report.title)} — {_esc(report.period)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- Markdown


def _md_table(table: Table) -> list[str]:
    return [
        f"**{md_text(table.caption)}**",
        "",
        "| " + " | ".join(md_cell(h) for h in table.headers) + " |",
        "|" + "---|" * len(table.headers),
        *("| " + " | ".join(md_cell(c) for c in row) + " |" for row in table.rows),
        "",
    ]


def to_markdown(report: Report) -> str:
    out = [
        f"# {md_text(report.title)}",
        "",
        f"{md_text(report.period)}. Made on {md_text(long_day(report.made_on.isoformat()))}.",
        "",
        f"**{md_text(report.version)}**",
        "",
    ]
    for section in report.sections:
        out += [f"## {md_text(section.title)}", ""]
        for paragraph in section.paragraphs:
            out += [md_text(paragraph), ""]
        for figure in section.figures:
            out += [
                f"*Chart: {md_text(figure.chart.title)} (drawn in the HTML and Word "
                "reports; its figures:)*",
                "",
            ]
            out += _md_table(figure.table)
        for table in section.tables:
            out += _md_table(table)
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- Word


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Emu, Inches, Mm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    page = doc.sections[0]  # A4 landscape: UK paper, and the registers' tables are wide
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Cm(1.5))
    tallest = (page.page_height or 0) - Cm(3) - Cm(2)  # the page less its margins and a line
    doc.add_heading(xml_text(report.title), level=0)
    doc.add_paragraph(xml_text(f"{report.period}. Made on {long_day(report.made_on.isoformat())}."))
    doc.add_paragraph().add_run(report.version).bold = True
    for section in report.sections:
        doc.add_heading(xml_text(section.title), level=1)
        for paragraph in section.paragraphs:
            doc.add_paragraph(xml_text(paragraph))
        for figure in section.figures:
            picture = doc.add_picture(io.BytesIO(charts.png(figure.chart)), width=Inches(8.0))
            if picture.height > tallest:  # a long chart (many organisations): fit the page
                picture.width = Emu(picture.width * tallest // picture.height)
                picture.height = Emu(tallest)
            _alt_text(doc.inline_shapes[-1], f"{figure.chart.title}. {figure.chart.summary}")
            caption = doc.add_paragraph(xml_text(figure.chart.summary) + " The figures:")
            caption.runs[0].italic = True
            _docx_table(doc, figure.table)
        for table in section.tables:
            _docx_table(doc, table)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _alt_text(shape: object, text: str) -> None:
    """The picture's alternative text (Word's "Alt Text": the docPr element's descr)."""
    doc_pr = shape._inline.docPr  # type: ignore[attr-defined]
    doc_pr.set("descr", xml_text(text))
    doc_pr.set("title", xml_text(text.split(". ")[0]))


def _docx_table(doc: object, table: Table) -> None:
    para = doc.add_paragraph()  # type: ignore[attr-defined]
    para.add_run(xml_text(table.caption)).bold = True
    grid = doc.add_table(rows=1, cols=len(table.headers))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = xml_text(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=False):
            cell.text = xml_text(text)
