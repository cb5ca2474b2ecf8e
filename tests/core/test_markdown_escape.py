"""User text in the Markdown minutes shows as typed once rendered: by the minutes screen
(Textual's Markdown widget, markdown-it "gfm-like") or any CommonMark viewer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitator.core.minutes_doc import md_cell, md_text

PARSERS = {"gfm-like": MarkdownIt("gfm-like"), "commonmark": MarkdownIt("commonmark")}
MARKS = "\\`*_[]<>&~|#!-+=.:()/;@ \n"
# any text but NUL, which CommonMark replaces with U+FFFD for safety
ANY = st.characters(blacklist_characters="\x00")
TEXT = st.text(alphabet=st.sampled_from(list(MARKS) + list("aZ9é&#x")), max_size=30) | st.text(
    ANY, max_size=30
)


def rendered(markdown: str, parser: str, bold: int = 0) -> str:
    """The text a reader sees, failing on anything but text and the ``bold`` spans the
    minutes themselves put in: no emphasis, code, links or HTML from the user's text."""
    children = [c for token in PARSERS[parser].parse(markdown) for c in token.children or []]
    return shown(children, markdown, bold)


def shown(children: list[Token], markdown: str, bold: int = 0) -> str:
    out = []
    for child in children:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type in ("link_open", "link_close") and child.markup == "linkify":
            continue  # a bare web address made a link: its text is unchanged
        elif child.type in ("strong_open", "strong_close"):
            bold -= child.type == "strong_open"
        else:
            raise AssertionError(f"{child.type} in {markdown!r}")
    assert bold == 0, f"bold spans in {markdown!r}"
    return "".join(out)


def same(a: str, b: str) -> bool:
    return a.split() == b.split()


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "text",
    [
        "College b\\",
        "**urgent** _x_ `code` ~~gone~~",
        "[@click=app.quit]x[/]",
        "[link](https://example.org) and <b>bold</b> <https://x.org>",
        "&amp; &#123; and A&E",
        "- not a list",
        "1. not numbered",
        "# not a heading",
        "> not a quote",
        "a | b",
        "__init__ and snake_case",
    ],
)
def test_marks_show_as_typed(text: str, parser: str) -> None:
    assert same(rendered(f"- **{md_text(text)}**", parser, bold=1), text)
    assert same(rendered(md_text(text), parser), text)


def test_common_text_stays_readable_in_the_file() -> None:
    assert md_text("A&E attendances, snake_case and ~ 5 minutes") == (
        "A&E attendances, snake_case and ~ 5 minutes"
    )


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_renders_as_typed(text: str) -> None:
    line = " ".join(text.split())  # one paragraph line, as a list item holds it
    for parser in PARSERS:
        assert same(rendered(f"- {md_text(line)}", parser), line)
        assert same(rendered(f"- **Org:** {md_text(line)}", parser, bold=1), f"Org: {line}")
        if line:
            assert same(rendered(f"- **{md_text(line)}**", parser, bold=1), line)


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_any_text_in_a_table_cell_renders_as_typed(text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {md_cell(text)} | x |\n"
    cells = [t for t in PARSERS["gfm-like"].parse(table) if t.type == "inline"]
    assert len(cells) == 4  # the text did not add or remove a column
    assert same(shown(cells[2].children or [], table), text)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_in_a_heading_renders_as_typed(text: str) -> None:
    line = " ".join(text.split())
    for parser in PARSERS:
        assert same(rendered(f"## 1. {md_text(line)}", parser), f"1. {line}")


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.tuples(st.sampled_from(["", " ", "    ", "\t", "      ", "\t  "]), TEXT).map("".join),
        min_size=1,
        max_size=4,
    ).map("\n".join)
)
def test_text_on_several_lines_stays_in_its_list_item(text: str) -> None:
    """Imported or hand-edited text may hold line breaks: indenting or blank lines must not
    turn a line into code or end the list item."""
    for parser in PARSERS:
        tokens = PARSERS[parser].parse(f"- {md_text(text)}\n")
        assert [t.type for t in tokens].count("list_item_open") == 1
        assert "code_block" not in [t.type for t in tokens]
        assert same(rendered(f"- {md_text(text)}", parser), text)


def test_a_heading_keeps_a_closing_hash() -> None:
    assert rendered(f"# {md_text('Budget review #')}", "gfm-like") == "Budget review #"
