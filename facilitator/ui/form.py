"""A small modal form: labelled fields, saved by a callback that may refuse with a reason.

Enter in any text field (or ctrl+s) saves; Escape cancels. The form stays open, showing the
reason, until the save callback accepts the values, so nothing typed is lost to a mistake.
The callback refuses with a :class:`~facilitator.core.errors.UserError` (or the disk with an
``OSError``); anything else it raises is a bug and is not shown as "Not saved".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from facilitator.core.errors import UserError
from facilitator.ui.screen_base import AppModal


class TickBox(Checkbox):
    """A checkbox that shows ✓ when on and nothing when off: not colour alone."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "✓" if self.value else " "


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | choice | flag
    value: Any = ""
    options: tuple[str, ...] = ()
    hint: str = ""


class FormScreen(AppModal[bool]):
    """Returns True once ``save(values)`` accepted the values, False if cancelled."""

    STYLES = "form.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def __init__(self, title: str, fields: list[Field], save: Callable[[dict[str, Any]], None]):
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(Content.from_markup("[b]$t[/b]", t=self.form_title), id="form-title")
            yield Static(id="form-error")  # at the top: always in view
            for f in self.fields:
                if f.kind == "flag":  # labels may hold user text: never read as markup
                    yield TickBox(
                        Content(f.label), bool(f.value), id=f"field-{f.key}", classes="form-flag"
                    )
                    continue
                yield Label(Content(f.label), classes="form-label")
                if f.kind == "choice":
                    yield Select(
                        [(o, o) for o in f.options],
                        value=f.value or f.options[0],
                        allow_blank=False,
                        id=f"field-{f.key}",
                    )
                else:
                    yield Input(str(f.value), placeholder=f.hint, id=f"field-{f.key}")
            with Horizontal(id="form-buttons"):
                yield Button("Save (Enter or ctrl+s)", id="form-save", variant="primary")
                yield Button("Cancel (Esc)", id="form-cancel")

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].key}").focus()

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.key}")
            found[f.key] = widget.value  # type: ignore[attr-defined]
        return found

    def action_save(self) -> None:
        try:
            self.save(self.values())
        except (UserError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            error = self.query_one("#form-error", Static)
            error.update(Content(f"✗ Not saved: {reason}"))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-save":
            self.action_save()
        else:
            self.action_cancel()
