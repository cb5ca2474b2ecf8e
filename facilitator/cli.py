"""The ``facilitator`` command line.

Exit status 0 on success, 2 on bad usage or bad input (any UserError), with one line on
stderr. Textual is imported only by the commands that open a screen.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from facilitator import __version__
from facilitator.core import carry
from facilitator.core.agenda import has_line_break, load_agenda, to_toml
from facilitator.core.controls import visible
from facilitator.core.dates import parse_when, show_when
from facilitator.core.errors import UserError
from facilitator.core.files import kind_of
from facilitator.core.model import PACK_FORMATS, Session, SessionInfo
from facilitator.core.store import SessionStore, UnknownSession, write_atomic
from facilitator.core.tracker import ActionRow, Archive, partnership_sessions
from facilitator.core.working_days import next_meeting_typed
from facilitator.ui import collector

if TYPE_CHECKING:
    from rich.console import RenderableType

    from facilitator.core.minutes_model import Minutes

# The modules only some commands use (the agenda pack and its email, the minutes' documents,
# exports) are imported by those commands' handlers: `facilitator run` and the screens start
# without them (tests/core/test_import_hygiene.py).

DATA_DIR_ENV = "FACILITATOR_DATA_DIR"
Handler = Callable[[argparse.Namespace, SessionStore], int]
"""What carries out a command: bound to its sub-command with ``set_defaults(handler=…)``."""
PUBLIC_HELP = (
    "leave out confidential {} (under an exempt item, or confidential), as the public "
    "minutes do"
)


class UsageError(UserError):
    """Bad usage or input: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _Unbuilt:
    """The parser of a command not being run (see :func:`build_parser`): whatever is added
    to it is dropped."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return lambda *args, **kwargs: self


def asked_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names ("" for none), or None when it cannot be told without the
    whole parser (it asks for the help or the version, even cut short as argparse allows,
    or holds a word a command cannot be)."""
    words = iter(argv)
    for word in words:
        if word in ("", "-", "--", "-h") or (
            len(word) > 2 and ("--help".startswith(word) or "--version".startswith(word))
        ):
            return None
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return ""


def partial_parser(argv: Sequence[str]) -> argparse.ArgumentParser | None:
    """A parser with only the command ``argv`` names, when that can be told; else None."""
    only = asked_command(argv)
    if only is None:
        return None
    parser, built = _build(only)
    return parser if built else None


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed. Only the command it names is built when that can be told: the whole
    parser, 40 commands and 150 options, was 4 ms of every start of the app. What that
    parser refuses is parsed again by the whole one, so a refusal is said as it always was,
    and what only the whole one reads rightly (an abbreviated ``--data-dir`` before a
    folder named like a command) is read as it always was: with one command to choose, a
    parse that succeeds is the whole parser's."""
    parser = partial_parser(argv)
    if parser is not None:
        try:
            return parser.parse_args(argv)
        except UsageError:
            pass
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """The whole parser: every command, for the help and the errors that list them."""
    return _build(None)[0]


def _build(only: str | None) -> tuple[argparse.ArgumentParser, bool]:
    """The parser, with every command or (``only``) just that one; and whether the command
    ``only`` names was among them."""
    built = not only  # every command, or none named: nothing more is needed
    data_dir = _Parser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"folder of session files (env {DATA_DIR_ENV}; default ./sessions)",
    )
    parser = _Parser(
        prog="facilitator",
        parents=[data_dir],
        description="Run partnership meetings live and keep their record.",
        epilog="With no command, opens the home screen. Example: facilitator demo && facilitator",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    parser.set_defaults(handler=cmd_home)  # no command: the home screen
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, handler: Handler, help_text: str, example: str
    ) -> argparse.ArgumentParser:
        nonlocal built
        if only is not None:
            if name != only:
                return cast(argparse.ArgumentParser, _Unbuilt())
            built = True
        found = sub.add_parser(
            name,
            parents=[data_dir],
            help=help_text,
            description=help_text,
            epilog=f"Example: {example}",
        )
        found.set_defaults(handler=handler)  # main() calls it: the command and its code together
        return found

    new = command(
        "new",
        cmd_new,
        "create a session from an agenda file, a template, an earlier session, or a title",
        "facilitator new --template partnership-board --partnership 'Northfield CSP' "
        "--date '12/02/2027 14:00'",
    )
    new.add_argument("--agenda", metavar="FILE.toml", help="agenda file (see README)")
    new.add_argument("--title", help="meeting title (when there is no agenda file)")
    new.add_argument("--date", help="date and time, e.g. '12/02/2027 14:00' or 'friday 2pm'")
    new.add_argument("--partnership", default="", help="the partnership's name")
    new.add_argument("--template", metavar="NAME", help="start from a built-in template")
    new.add_argument("--like", metavar="ID", help="copy partnership, people, standing items")
    carry_items = new.add_mutually_exclusive_group()
    carry_items.add_argument(
        "--items",
        metavar="1,2,5",
        help="with --like: the items of its agenda to carry, by number (default: the usual "
        "standing ones: welcome and apologies, declarations, minutes and matters arising, "
        "any other business, date of next meeting, and any marked standing)",
    )
    carry_items.add_argument(
        "--all-items", action="store_true", help="with --like: carry every item of its agenda"
    )

    command(
        "templates", cmd_templates, "list the built-in session templates", "facilitator templates"
    )
    command(
        "clauses",
        cmd_clauses,
        "what each compact clause asks of a meeting, and where facilitator serves it",
        "facilitator clauses | less",
    )

    room = command(
        "room",
        cmd_room,
        "the read-only projector view that follows a live session",
        "facilitator room 2027-02-12-board --public --theme projector-light",
    )
    room.add_argument("id", help="session id (or a unique start of it)")
    room.add_argument(
        "--public", action="store_true", help="show confidential items only as 'Confidential item'"
    )
    room.add_argument(
        "--theme",
        default="projector-dark",
        choices=["projector-dark", "projector-light", "high-contrast"],
        help="colours for the projector (default projector-dark)",
    )

    serve = command(
        "serve",
        cmd_serve,
        "serve the read-only room view to a browser (hybrid meetings)",
        "facilitator serve 2027-02-12-board --public --port 8000",
    )
    serve.add_argument("id", help="session id (or a unique start of it)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="1 to 65535 (default 8000)")
    serve.add_argument(
        "--public", action="store_true", help="show confidential items only as 'Confidential item'"
    )
    serve.add_argument(
        "--theme",
        default="projector-light",
        choices=["projector-dark", "projector-light", "high-contrast"],
    )

    plan = command(
        "plan", cmd_plan, "plan a session: details, people, agenda", "facilitator plan 2027-02"
    )
    plan.add_argument("id", help="session id (or a unique start of it)")

    export = command(
        "agenda",
        cmd_agenda,
        "a session's notice and agenda pack (md, html, txt, docx), its meeting invitation "
        "(ics), a draft email with the pack attached (eml), or its agenda file (toml)",
        "facilitator agenda 2027-02-12-board --format eml --public --to board@example.org "
        "-o pack.eml",
    )
    export.add_argument("id", help="session id (or a unique start of it)")
    export.add_argument(
        "--format",
        choices=["toml", *PACK_FORMATS],
        default="toml",
        help="toml: the agenda file 'facilitator new --agenda' reads (default); md, html, txt, "
        "docx: the pack; ics: the invitation (always the public agenda); eml: a draft email, "
        "the pack as text with the Word file attached",
    )
    export.add_argument(
        "--public",
        action="store_true",
        help="the public pack: exempt (Part B) items only by number and reason for exemption",
    )
    export.add_argument(
        "--to", metavar="ADDRESSES", default="", help="with --format eml: who the draft is to"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (a pack also into FOLDER), not stdout"
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    sessions = command("sessions", cmd_sessions, "list sessions", "facilitator sessions --json")
    sessions.add_argument("--json", action="store_true", help="JSON instead of a table")

    run = command(
        "run", cmd_run, "run a meeting on the live screen", "facilitator run 2027-02-12-board"
    )
    run.add_argument("id", help="session id (or a unique start of it)")

    minutes = command(
        "minutes",
        cmd_minutes,
        "print a session's minutes",
        "facilitator minutes 2027-02-12-board -o minutes.md",
    )
    minutes.add_argument("id", help="session id (or a unique start of it)")
    minutes.add_argument(
        "--format",
        choices=["md", "html", "txt", "docx", "eml"],
        default="md",
        help="Markdown, HTML (printable), plain text (for email), Word, or a draft email "
        "(eml: the text as its body, the Word minutes attached; recorded as circulated)",
    )
    minutes.add_argument(
        "--to", metavar="ADDRESSES", default="", help="with --format eml: who the draft is to"
    )
    minutes.add_argument(
        "--public",
        action="store_true",
        help="leave out confidential items and all recorded under them",
    )
    minutes.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (or into a FOLDER, with a safe name), not stdout",
    )
    minutes.add_argument("--force", action="store_true", help="replace FILE if it exists")

    approve = command(
        "approve",
        cmd_approve,
        "record that a session's minutes were approved as a true record at a later meeting "
        "(as /approve does there); their record is then locked",
        "facilitator approve 2026-11-23-board --at 2026-12-21-board --corrections 'item 2: …'",
    )
    approve.add_argument("id", help="the session whose minutes were approved")
    approving = approve.add_mutually_exclusive_group(required=True)
    approving.add_argument("--at", metavar="SESSION", help="the meeting that approved them")
    approving.add_argument(
        "--on", metavar="DATE", help="the date of that meeting, if it is not recorded here"
    )
    approve.add_argument("--corrections", metavar="TEXT", default="", help="corrections made")

    amend = command(
        "amend",
        cmd_amend,
        "correct approved minutes: the change and who made it go in their amendment log",
        "facilitator amend 2026-11-23-board --decision D2 --text 'Repair by March' --by 'Sam'",
    )
    amend.add_argument("id", help="the session whose approved minutes are corrected")
    target = amend.add_mutually_exclusive_group(required=True)
    target.add_argument("--item", metavar="N", help="item N's title")
    target.add_argument("--note", metavar="N.K", help="the K-th note of item N")
    target.add_argument("--decision", metavar="D2", help="a decision's text")
    target.add_argument("--action", metavar="S.N", help="an action's text")
    amend.add_argument("--text", required=True, help="what it should read")
    amend.add_argument(
        "--by", required=True, metavar="WHO", help="who corrects it (or which meeting)"
    )

    verify = command(
        "verify",
        cmd_verify,
        "tell whether a circulated copy of minutes (md, txt, html, docx) is an approved record "
        "here, and which (exit 1 if it does not match)",
        "facilitator verify minutes.docx",
    )
    verify.add_argument("file", metavar="FILE")

    export = command(
        "export",
        cmd_export,
        "write a session to one JSON file, to move it to another machine",
        "facilitator export 2027-02-12-board -o board.json",
    )
    export.add_argument("id", help="session id (or a unique start of it)")
    export.add_argument("-o", "--output", metavar="FILE", required=True, help="the JSON file")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    imp = command(
        "import",
        cmd_import,
        "add a session exported from another machine",
        "facilitator import board.json",
    )
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument(
        "--new-id",
        action="store_true",
        help="if that session id is taken here, import under a new id",
    )

    actions = command(
        "actions",
        cmd_actions,
        "list actions across all sessions",
        "facilitator actions --open --overdue --format ics -o actions.ics",
    )
    actions.add_argument("--open", action="store_true", help="only actions still open")
    actions.add_argument("--overdue", action="store_true", help="only open actions past due")
    actions.add_argument("--this-week", action="store_true", help="only open, due in 7 days")
    actions.add_argument("--status", choices=["open", "done", "dropped"])
    actions.add_argument("--owner", metavar="NAME", help="only this owner (any part of the name)")
    actions.add_argument("--organisation", metavar="ORG", help="only owners from this organisation")
    actions.add_argument("--partnership", metavar="P", help="only this partnership")
    actions.add_argument("--format", choices=["table", "csv", "json", "ics"], default="table")
    actions.add_argument("--json", action="store_true", help="the same as --format json")
    version = actions.add_mutually_exclusive_group()
    version.add_argument("--public", action="store_true", help=PUBLIC_HELP.format("actions"))
    version.add_argument(
        "--full",
        action="store_true",
        help="with --format ics, include confidential actions too (a calendar is public "
        "unless you ask)",
    )
    actions.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    actions.add_argument("--force", action="store_true", help="replace FILE if it exists")

    # Compact challenges (Kirklees Compact §4), one file in the data folder: core/challenges.py
    challenge = command(
        "challenge",
        cmd_challenge,
        "compact challenges: raise one, move it on (a → b → c), close it, list and show them",
        'facilitator challenge raise --partnership "Kirklees Compact" --by "Third Sector '
        'Leaders" --against "Kirklees Council" --undertaking "2.1 Openness"',
    )
    verbs = challenge.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    def verb(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        found = verbs.add_parser(name, parents=[data_dir], help=help_text, description=help_text)
        found.set_defaults(handler=handler)
        return found

    on_help = "the day it happened (e.g. 12/11/2026 or yesterday; default today)"
    raised = verb(
        "raise", cmd_challenge_raise, "raise a challenge (stage a: the partners discuss it)"
    )
    raised.add_argument("--partnership", metavar="P", required=True)
    raised.add_argument("--by", metavar="ORG", required=True, help="the organisation raising it")
    raised.add_argument(
        "--against", metavar="ORG", required=True, help="the organisation challenged"
    )
    raised.add_argument(
        "--undertaking",
        metavar="TEXT",
        required=True,
        help="which undertaking of the Compact they believe was not followed",
    )
    raised.add_argument("--evidence", metavar="TEXT", default="")
    raised.add_argument("--on", metavar="DATE", help=on_help)
    raised.add_argument(
        "--confidential", action="store_true", help="left out of public lists and reports"
    )
    moved = verb(
        "move", cmd_challenge_move, "move a challenge on: b (steering group) or c (national)"
    )
    moved.add_argument("number", type=int, metavar="N")
    moved.add_argument(
        "stage",
        choices=["b", "c"],
        help="b: referred to the steering group; c: taken to a national body",
    )
    moved.add_argument(
        "--nominees", metavar="NAMES", help="b: the two or more people nominated, comma-separated"
    )
    moved.add_argument("--body", metavar="NAME", help="c: the national body, e.g. the LA Ombudsman")
    moved.add_argument("--on", metavar="DATE", help=on_help)
    informed = verb("inform", cmd_challenge_inform, "record the Compact Champions informed")
    informed.add_argument("number", type=int, metavar="N")
    informed.add_argument("champions", metavar="NAMES", help="comma-separated")
    informed.add_argument("--on", metavar="DATE", help=on_help)
    recommended = verb("recommend", cmd_challenge_recommend, "the nominees' recommendations (b)")
    recommended.add_argument("number", type=int, metavar="N")
    recommended.add_argument("text", metavar="TEXT")
    recommended.add_argument("--on", metavar="DATE", help=on_help)
    closed = verb(
        "close", cmd_challenge_close, "close a challenge: its outcome and the action taken"
    )
    closed.add_argument("number", type=int, metavar="N")
    closed.add_argument("--outcome", metavar="TEXT", required=True)
    closed.add_argument("--action", metavar="TEXT", default="", help="the action taken")
    closed.add_argument("--on", metavar="DATE", help=on_help)
    listed = verb("list", cmd_challenge_list, "list the challenges")
    listed.add_argument("--partnership", metavar="P", help="only this partnership")
    listed.add_argument("--open", action="store_true", help="only open challenges")
    listed.add_argument("--format", choices=["table", "json"], default="table")
    shown = verb("show", cmd_challenge_show, "one challenge with every move")
    shown.add_argument("number", type=int, metavar="N")
    for found in (listed, shown, challenge):
        found.add_argument(
            "--public", action="store_true", help="leave out challenges marked confidential"
        )
        found.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
        found.add_argument("--force", action="store_true", help="replace FILE if it exists")
    challenge.set_defaults(partnership=None, open=False, format="table")

    decisions = command(
        "decisions",
        cmd_decisions,
        "the decisions register across all sessions",
        "facilitator decisions --partnership basingstoke --format csv",
    )
    decisions.add_argument("--status", choices=["agreed", "not agreed", "deferred"])
    decisions.add_argument("--owner", metavar="NAME")
    decisions.add_argument("--partnership", metavar="P")
    decisions.add_argument("--format", choices=["table", "csv", "json"], default="table")
    decisions.add_argument("--public", action="store_true", help=PUBLIC_HELP.format("decisions"))
    decisions.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    decisions.add_argument("--force", action="store_true", help="replace FILE if it exists")

    registers = command(
        "registers",
        cmd_registers,
        "a partnership's registers across its meetings: attendance, interests, decisions, "
        "actions, participation by sector, health",
        "facilitator registers --partnership basingstoke --from 1/4/2026 --to 31/3/2027",
    )
    registers.add_argument("--partnership", metavar="P", required=True, help="its name, or a part")
    registers.add_argument(
        "--from", dest="start", metavar="DATE", default="", help="first day (default: the first)"
    )
    registers.add_argument(
        "--to", dest="end", metavar="DATE", default="", help="last day (default: to date)"
    )
    registers.add_argument(
        "--register",
        choices=["attendance", "interests", "decisions", "actions", "participation", "health",
                 "all"],
        default="all",
        help="one register, or all of them (the default)",
    )
    registers.add_argument("--json", action="store_true", help="every figure as JSON")
    registers.add_argument(
        "--public", action="store_true", help=PUBLIC_HELP.format("decisions, actions, interests")
    )
    registers.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    registers.add_argument("--force", action="store_true", help="replace FILE if it exists")

    command("demo", cmd_demo, "create sample sessions to explore", "facilitator demo")
    report = command(
        "report",
        cmd_report,
        "the partnership's annual report: meetings, registers, challenges, health, charts",
        "facilitator report --partnership basingstoke --format html -o report.html",
    )
    report.add_argument("--partnership", metavar="P", required=True, help="its name, or part")
    report.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        default="",
        help="the period's first day (default: the twelve months to --to)",
    )
    report.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        default="",
        help="its last day (default: today, or twelve months from --from)",
    )
    report.add_argument(
        "--format",
        choices=["html", "docx", "md"],
        default="html",
        help="HTML with charts (default), Word with charts, or Markdown (tables only)",
    )
    report.add_argument(
        "--public",
        action="store_true",
        help="leave out confidential items and all recorded under them, as the minutes do",
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (or into a FOLDER, with a safe name), not stdout",
    )
    report.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser, built


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port (1 to 65535)")
    return port


def data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None) or os.environ.get(DATA_DIR_ENV) or "sessions"
    return Path(given).expanduser()


def main(argv: Sequence[str] | None = None) -> int:
    collector.hold()  # a screen's start is mostly imports: no full collections meanwhile
    try:
        words = sys.argv[1:] if argv is None else argv
        args = parse(words)
        if args.handler not in SCREENS:  # the app lets it go once its first screen is drawn
            collector.release(freeze=False)
        store = SessionStore(data_dir(args))
        return args.handler(args, store)
    except UserError as exc:  # one line for the user; anything else is a bug: a traceback
        print(f"facilitator: {exc}", file=sys.stderr)
        return 2
    except UnicodeError:
        print(
            "facilitator: some text has a character that cannot be read or saved "
            "(check the terminal's encoding)",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        collector.release(freeze=False)  # a screen refused before it was drawn


def resolve_id(store: SessionStore, wanted: str) -> str:
    """An exact session id, or the one id that starts with ``wanted``."""
    ids = store.session_ids()
    if wanted in ids:
        return wanted
    hits = [i for i in ids if i.startswith(wanted)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UsageError(f"{wanted!r} matches {len(hits)} sessions: {', '.join(hits[:5])}")
    raise UnknownSession(f"no session {wanted!r} in {store.root} (see 'facilitator sessions')")


# --------------------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace, store: SessionStore) -> int:
    session = _new_session(args, store)
    session.info.created_at = datetime.now().isoformat(timespec="seconds")
    session_id, carried = carry.create(store, session)
    session = store.load(session_id)
    print(
        f"Created {session.info.title!r} on {show_when(session.info.date) or 'no date yet'} "
        f"with {len(session.agenda)} items and {len(session.participants)} participants"
    )
    for title in carried:
        print(f"  deferred from an earlier meeting: {title}")
    if getattr(args, "dated_by", ""):
        print(f"  on the date of next meeting set at {args.dated_by} (--date to change it)")
    print(session_id)
    return 0


def _one_line(option: str, value: str | None) -> str:
    text = (value or "").strip()
    if has_line_break(text):
        raise UsageError(f"{option} should be one line (it has a line break)")
    return text


def _new_session(args: argparse.Namespace, store: SessionStore) -> Session:
    from facilitator.core import templates

    today = datetime.now().date()
    args.title = _one_line("--title", args.title)
    args.partnership = _one_line("--partnership", args.partnership)
    sources = [name for name in ("agenda", "template", "like") if getattr(args, name)]
    if len(sources) > 1:
        raise UsageError(f"give one of --agenda, --template, --like, not {' and '.join(sources)}")
    if (args.items is not None or args.all_items) and not args.like:
        raise UsageError("--items and --all-items go with --like ID: the items of that session")
    if args.agenda:
        if args.title or args.date or args.partnership:
            raise UsageError("--agenda takes everything from the file; edit it there")
        return load_agenda(args.agenda, today)
    when, typed = _when(args.date, today)
    if args.template:
        if not args.partnership.strip():
            raise UsageError("a session from a template needs --partnership NAME")
        session = templates.from_template(
            args.template,
            partnership=args.partnership.strip(),
            today=today,
            title=(args.title or "").strip(),
        )
    elif args.like:
        previous = store.load(resolve_id(store, args.like))
        picked: list[int] | None
        if args.all_items:
            picked = [n for n, _item in templates.carriable(previous)]
        else:
            picked = None if args.items is None else _item_numbers(args.items)
        session = templates.like(previous, title=(args.title or "").strip(), items=picked)
        if args.partnership.strip():
            session.info.partnership = args.partnership.strip()
        if not args.date and previous.info.next_meeting:  # the date it set for this one
            when, typed = previous.info.next_meeting, next_meeting_typed(previous.info)
            args.dated_by = previous.info.id  # (said by cmd_new)
    elif args.title and args.title.strip():
        session = Session(
            info=SessionInfo(id="", title=args.title.strip(), partnership=args.partnership.strip())
        )
    else:
        raise UsageError(
            "say what to create: --agenda FILE.toml, --template NAME, --like ID, or --title T"
        )
    session.info.date, session.info.date_text = when, typed
    return session


def _item_numbers(typed: str) -> list[int]:
    """``--items 1,2,5`` → [1, 2, 5] ("" → none)."""
    numbers = []
    for part in typed.replace(" ", "").split(","):
        if not part:
            continue
        if not (part.isascii() and part.isdigit() and len(part) <= 4):
            raise UsageError(f"--items takes item numbers like 1,2,5, not {part[:20]!r}")
        numbers.append(int(part))
    return numbers


def _when(typed: str | None, today) -> tuple[str, str]:  # noqa: ANN001 - a date
    if not typed:
        return datetime.now().isoformat(timespec="minutes"), ""
    return parse_when(typed, today), typed


def cmd_templates(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core import templates

    for template in templates.templates().values():
        print(f"{template.name}")
        print(f"    {template.title}: {template.description}")
        print(f"    from: {template.sources}")
        print(f"    items: {', '.join(i['title'] for i in template.items)}")
    print("\nUse one with: facilitator new --template NAME --partnership P --date D")
    return 0


def cmd_clauses(args: argparse.Namespace, store: SessionStore) -> int:
    """The clause map (facilitator/data/clauses.toml), compact by compact."""
    from facilitator.core.clauses import clause_map

    found = clause_map()
    for compact in found.compacts.values():
        print(compact.title)
        for c in (c for c in found.clauses.values() if c.compact is compact):
            print(f"  {c.id}  {c.label}: {c.summary}")
            if c.served_by:
                print(f"      served by: {', '.join(c.served_by)}")
            else:
                print(f"      not served: {c.not_served}")
            if c.note:
                print(f"      note: {c.note}")
        print()
    served = sum(bool(c.served_by) for c in found.clauses.values())
    print(
        f"{len(found.clauses)} clauses: {served} served, {len(found.clauses) - served} not "
        "served (facilitator/data/clauses.toml)"
    )
    return 0


def cmd_agenda(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.agenda_pack import BINARY as PACK_BINARY
    from facilitator.core.agenda_pack import build_pack, pack_file_name, render_pack
    from facilitator.core.circulation import record_circulation
    from facilitator.core.mail import parse_addresses

    session = store.load(resolve_id(store, args.id))
    fmt = args.format
    if args.to and fmt != "eml":
        raise UsageError("--to is for a draft email: add --format eml")
    if fmt == "toml":
        if args.public:
            raise UsageError("the agenda file is the whole plan; --public is for the pack "
                             "(--format md, html, txt, docx, ics or eml)")
        return _output(args, to_toml(session), "Agenda")
    to = parse_addresses(args.to)
    if fmt == "ics" and not session.info.date:
        raise UsageError("the meeting has no date yet: set it first "
                         f"(facilitator plan {session.info.id})")
    public = args.public or fmt == "ics"  # an invitation is sent to all: always public
    if args.output and Path(args.output).is_dir():
        args.output = str(Path(args.output) / pack_file_name(session.info.id, fmt, public))
    if fmt in PACK_BINARY and not args.output:
        raise UsageError(f"a {fmt} file is a file: give -o FILE.{fmt} or -o FOLDER")
    pack = build_pack(session, public=public)
    if pack.reordered:
        numbers = ("items " if len(pack.reordered) > 1 else "item ") + ", ".join(
            map(str, pack.reordered)
        )
        print(f"facilitator: warning: the plan has exempt items before open ones; the pack "
              f"lists them at the end, under Part B ({numbers}): move them to the end of the "
              "agenda so the meeting follows the pack", file=sys.stderr)
    now = datetime.now()
    content = render_pack(session, fmt, public=public, now=now, to=to)
    code = _output(args, content, "Invitation" if fmt == "ics" else "Agenda pack")
    if args.output:  # written to be sent: the session records it
        try:
            writer = store.writer(session.info.id)
        except UserError as exc:
            print(f"facilitator: warning: not recorded as circulated ({exc})", file=sys.stderr)
        else:
            try:
                record_circulation(writer, "agenda", fmt, public=public, at=now, to=to)
            except UserError as exc:  # the pack is written all the same
                print(f"facilitator: warning: not recorded as circulated ({exc})",
                      file=sys.stderr)
            finally:
                writer.close()
    return code


def cmd_plan(args: argparse.Namespace, store: SessionStore) -> int:
    return _run_meeting(store, resolve_id(store, args.id), screen="plan")


def cmd_sessions(args: argparse.Namespace, store: SessionStore) -> int:
    archive = Archive(store)  # the summary index: fast with a large archive
    listings = archive.listings()
    for problem in archive.problems:
        print(f"facilitator: warning: {problem}", file=sys.stderr)
    keys = ("id", "date", "partnership", "title", "state")
    rows = sorted(
        ({k: info[k] for k in keys} for info in listings), key=lambda r: (r["date"], r["id"])
    )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print(f"No sessions in {store.root}. Try 'facilitator demo' or 'facilitator new'.")
    else:
        return show_table(
            args,
            ["id", "date", "partnership", "title", "state"],
            [
                [r["id"], show_when(r["date"]), r["partnership"], r["title"], r["state"]]
                for r in rows
            ],
            "Sessions",
        )
    return 0


def cmd_minutes(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.minutes import build_minutes
    from facilitator.core.minutes_doc import render
    from facilitator.core.transfer import minutes_file_name

    session = store.load(resolve_id(store, args.id))
    # the partnership's other meetings: the actions' codes, matters arising, health
    earlier = partnership_sessions(store, session.info.partnership, but=session.info.id)
    minutes = build_minutes(session, earlier, public=args.public)
    if args.format == "eml" or args.to:
        return _minutes_email(args, store, session, minutes)
    content = render(minutes, args.format)
    if args.output and Path(args.output).is_dir():
        args.output = str(
            Path(args.output) / minutes_file_name(session.info.id, args.format, args.public)
        )
    if isinstance(content, bytes) and not args.output:
        raise UsageError("a Word document is a file: give -o FILE.docx or -o FOLDER")
    return _output(args, content, "Minutes")


def _minutes_email(
    args: argparse.Namespace, store: SessionStore, session: Session, minutes: Minutes
) -> int:
    """The minutes as a draft email, written to -o and recorded as circulated."""
    from facilitator.core.circulation import record_circulation
    from facilitator.core.mail import parse_addresses
    from facilitator.core.minutes_mail import minutes_email
    from facilitator.core.transfer import minutes_file_name

    if args.format != "eml":
        raise UsageError("--to is for a draft email: add --format eml")
    to = parse_addresses(args.to)
    if args.output and Path(args.output).is_dir():
        args.output = str(
            Path(args.output) / minutes_file_name(session.info.id, "eml", args.public)
        )
    if not args.output:
        raise UsageError("a draft email is a file: give -o FILE.eml or -o FOLDER")
    now = datetime.now()
    code = _output(args, minutes_email(session, minutes, to=to, now=now), "Draft email")
    try:
        writer = store.writer(session.info.id)
    except UserError as exc:
        print(f"facilitator: warning: not recorded as circulated ({exc})", file=sys.stderr)
    else:
        try:
            record_circulation(writer, "minutes", "eml", public=args.public, at=now, to=to)
        finally:
            writer.close()
    return code


def cmd_approve(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.approval import approve_minutes, approved_words

    session_id = resolve_id(store, args.id)
    by, by_date = None, ""
    if args.at:
        by = store.load(resolve_id(store, args.at)).info
        mine = store.load(session_id).info
        if by.partnership != mine.partnership or (by.date, by.id) <= (mine.date, mine.id):
            raise UsageError(
                f"{by.id} is not a later meeting of {mine.partnership or 'the same partnership'}"
                f"; the minutes of {mine.id} are approved at one"
            )
    else:
        by_date = parse_when(args.on, datetime.now().date())
    approval = approve_minutes(
        store,
        session_id,
        by=by,
        by_date=by_date,
        at=datetime.now().isoformat(timespec="seconds"),
        corrections=_one_line("--corrections", args.corrections),
    )
    print(f"The minutes of {session_id} were {approved_words(approval)}; their record is locked")
    print(f"Fingerprint (full minutes):   {approval.fingerprint}")
    print(f"Fingerprint (public minutes): {approval.public_fingerprint}")
    return 0


def cmd_amend(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.approval import amend

    session_id = resolve_id(store, args.id)
    kind, ref = next(
        (k, getattr(args, k)) for k in ("item", "note", "decision", "action") if getattr(args, k)
    )
    made = amend(store, session_id, kind, ref, args.text, by=args.by, clock=datetime.now)
    print(f"Amended {made.what} of {session_id}: {made.before!r} → {made.after!r} (by {made.by})")
    print(f"Fingerprint now (full minutes):   {made.fingerprint}")
    print(f"Fingerprint now (public minutes): {made.public_fingerprint}")
    return 0


def cmd_verify(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.verify import verify

    verdict = verify(store, Path(args.file))
    print(f"{args.file}: {verdict.said}")
    return 0 if verdict.matches else 1


def cmd_export(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.transfer import export_session

    session = store.load(resolve_id(store, args.id))
    return _output(args, export_session(session), "Session")


def cmd_import(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.transfer import import_session, read_export

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.file}: cannot read it ({exc})") from None
    session = read_export(text, name=args.file)
    session_id = import_session(store, session, new_id=args.new_id)
    print(f"Imported {session.info.title!r} ({show_when(session.info.date)}) as")
    print(session_id)
    return 0


def _output(args: argparse.Namespace, text: str | bytes, what: str) -> int:
    """Print ``text`` (on a terminal with its control characters shown, not obeyed), or
    write it to ``-o FILE``: only ever a regular file, and an existing one only with --force."""
    if not args.output:
        shown = text if isinstance(text, str) else text.decode("utf-8")
        sys.stdout.write(visible(shown) if sys.stdout.isatty() else shown)
        return 0
    target = Path(args.output)
    try:
        found = os.lstat(target).st_mode
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    if found is not None and not stat.S_ISREG(found):  # a device, a FIFO, a link (dangling…)
        raise UsageError(f"{target} is {kind_of(found)}; nothing written (give a file's path)")
    if found is not None and not args.force:
        raise UsageError(f"{target} already exists; add --force to replace it")
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    print(f"{what} written to {target}")
    return 0


def cmd_actions(args: argparse.Namespace, store: SessionStore) -> int:
    archive = Archive(store)
    rows = filter_actions(archive.actions(), args, datetime.now().date())
    for problem in archive.problems:
        print(f"facilitator: warning: {problem}", file=sys.stderr)
    fmt = "json" if args.json else args.format
    if args.public or (fmt == "ics" and not args.full):  # a calendar is shared: public
        kept = [r for r in rows if not r.confidential]
        if fmt == "ics" and not args.public and len(kept) < len(rows):
            left = len(rows) - len(kept)
            print(
                f"facilitator: {left} confidential action{'s' if left > 1 else ''} left out of "
                "the calendar (add --full to include them)",
                file=sys.stderr,
            )
        rows = kept
    if fmt == "table" and rows:
        return show_table(
            args,
            ["code", "due", "owner", "action", "status", "session"],
            [
                [
                    r.code,
                    show_when(r.due) or "no date",
                    r.owner or "no owner",
                    r.text,
                    r.status,
                    r.session,
                ]
                for r in rows
            ],
            "Actions",
        )
    from facilitator.core.exports import ACTION_COLUMNS, actions_to_ics, to_csv, to_json

    if fmt == "table":
        text = "No actions match.\n"
    elif fmt == "csv":
        text = to_csv(rows, ACTION_COLUMNS)
    elif fmt == "ics":
        text = actions_to_ics(rows, datetime.now().astimezone())
    else:
        text = to_json(rows)
    return _output(args, text, "Actions")


def filter_actions(rows: list[ActionRow], args: argparse.Namespace, today) -> list[ActionRow]:  # noqa: ANN001
    def keep(r: ActionRow) -> bool:
        checks = [
            not args.open or r.status == "open",
            not args.status or r.status == args.status,
            not args.overdue or r.overdue(today),
            not args.this_week or r.due_within(today, 7),
            _has(r.owner, args.owner),
            _has(r.organisation, args.organisation),
            _has(r.partnership, args.partnership),
        ]
        return all(checks)

    found = [r for r in rows if keep(r)]
    return sorted(found, key=lambda r: (r.due or "9999", r.owner.casefold()))


def _has(value: str, wanted: str | None) -> bool:
    from facilitator.core.text import fold  # --owner lukasz finds Łukasz

    return not wanted or fold(wanted) in fold(value)


# --------------------------------------------------------------------------- challenges
# Compact challenges (Kirklees Compact §4): core/challenges.py holds the cases and the rules.


def _challenge_day(args: argparse.Namespace):  # noqa: ANN202 - a date
    from facilitator.core.challenges import not_after
    from facilitator.core.dates import parse_date

    today = datetime.now().date()
    return not_after(parse_date(args.on, today), today) if args.on else today


def _challenge_said(case, said: str) -> int:  # noqa: ANN001 - a challenges.Case
    from facilitator.core.challenges import stage_text

    c = case.challenge
    print(visible(f"Challenge {c.number} {said} — {stage_text(c)}"))
    return 0


def cmd_challenge_raise(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook

    case = ChallengeBook(store.root).raise_challenge(
        partnership=args.partnership,
        raised_by=args.by,
        against=args.against,
        undertaking=args.undertaking,
        evidence=args.evidence,
        on=_challenge_day(args),
        now=datetime.now(),
        confidential=args.confidential,
    )
    _challenge_said(case, f"raised by {case.challenge.raised_by}")
    print(
        "A challenge is about the process, not a decision: a decision is challenged through the "
        "partners' normal grievance / complaint processes (Kirklees Compact §4)."
    )
    return 0


def cmd_challenge_move(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook

    book, on, now = ChallengeBook(store.root), _challenge_day(args), datetime.now()
    if args.stage == "b":
        if args.body:
            raise UsageError("--body is for stage c; stage b takes --nominees")
        case = book.refer(args.number, [args.nominees or ""], on=on, now=now)
        return _challenge_said(case, "referred to the steering group")
    if args.nominees:
        raise UsageError("--nominees is for stage b; stage c takes --body")
    if not args.body:
        raise UsageError("stage c needs --body: the national body, e.g. the LA Ombudsman")
    case = book.escalate(args.number, args.body, on=on, now=now)
    return _challenge_said(case, f"taken to {case.challenge.national_body}")


def cmd_challenge_inform(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook

    case = ChallengeBook(store.root).inform(
        args.number, [args.champions], on=_challenge_day(args), now=datetime.now()
    )
    champions = ", ".join(case.challenge.champions)
    return _challenge_said(case, f"Compact Champions informed: {champions}")


def cmd_challenge_recommend(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook

    case = ChallengeBook(store.root).recommend(
        args.number, args.text, on=_challenge_day(args), now=datetime.now()
    )
    return _challenge_said(case, "recommendations recorded")


def cmd_challenge_close(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook

    case = ChallengeBook(store.root).close(
        args.number, args.outcome, args.action, on=_challenge_day(args), now=datetime.now()
    )
    _challenge_said(case, "closed")
    if case.challenge.stage == "a" and not case.challenge.champions:
        print(
            "Note: no Compact Champions are recorded as informed; the Compact says each "
            "partner's is informed once an agreement is reached (facilitator challenge inform)."
        )
    return 0


def cmd_challenge(args: argparse.Namespace, store: SessionStore) -> int:
    """``facilitator challenge`` with no verb: the list."""
    return cmd_challenge_list(args, store)


def cmd_challenge_list(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook, stage_text

    every = ChallengeBook(store.root).cases()  # --partnership as everywhere: any part of it
    cases = [c for c in every if _has(c.challenge.partnership, args.partnership)]
    if args.open:
        cases = [c for c in cases if c.open]
    if args.public:
        cases = [c for c in cases if not c.challenge.confidential]
    if args.format == "json":
        found = [{**c.challenge.to_doc(), "moves": [m.to_doc() for m in c.moves]} for c in cases]
        return _output(args, json.dumps(found, ensure_ascii=False, indent=2) + "\n", "Challenges")
    if not cases:
        return _output(args, "No challenges match.\n", "Challenges")
    return show_table(
        args,
        ["no", "raised", "partnership", "raised by", "challenged", "stage", "undertaking"],
        [
            [
                str(c.number),
                show_when(c.challenge.raised_on),
                c.challenge.partnership,
                c.challenge.raised_by,
                c.challenge.against,
                stage_text(c.challenge),
                c.challenge.undertaking,
            ]
            for c in cases
        ],
        "Challenges",
    )


def cmd_challenge_show(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.challenges import ChallengeBook, detail_rows

    case = ChallengeBook(store.root).case(args.number)
    c = case.challenge
    if args.public and c.confidential:
        raise UsageError(f"challenge {c.number} is confidential: it is not shown with --public")
    rows = [("Partnership", c.partnership), *detail_rows(c)]
    lines = [f"Challenge {c.number} ({c.status})"]
    lines += [f"{label}: {value}" for label, value in rows if value]
    lines.append("Moves:")
    lines += [f"  {show_when(m.on)}  {m.what}  {m.detail}".rstrip() for m in case.moves]
    return _output(args, "\n".join(lines) + "\n", f"Challenge {c.number}")


def cmd_decisions(args: argparse.Namespace, store: SessionStore) -> int:
    archive = Archive(store)
    rows = [
        d
        for d in archive.decisions()
        if (not args.status or d.status == args.status)
        and _has(d.owner, args.owner)
        and _has(d.partnership, args.partnership)
        and not (args.public and d.confidential)
    ]
    for problem in archive.problems:
        print(f"facilitator: warning: {problem}", file=sys.stderr)
    if args.format == "table" and rows:
        return show_table(
            args,
            ["date", "decision", "owner", "how", "status", "review"],
            [
                [
                    show_when(d.session_date[:10]),
                    d.text,
                    d.owner or "no owner",
                    d.how + (f" {d.votes}" if d.votes else ""),
                    d.status,
                    show_when(d.review) or "—",
                ]
                for d in rows
            ],
            "Decisions",
        )
    from facilitator.core.exports import DECISION_COLUMNS, to_csv, to_json

    if args.format == "table":
        text = "No decisions match.\n"
    elif args.format == "csv":
        text = to_csv(rows, DECISION_COLUMNS)
    else:
        text = to_json(rows)
    return _output(args, text, "Decisions")


def cmd_registers(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core import registers

    today = datetime.now().date()
    start, end = registers.parse_window(args.start, args.end, today)
    series = registers.load_series(store, args.partnership, start, end)
    found = registers.build(series, today, public=args.public)
    if args.json:
        data = registers.as_json(found, args.register)
        return _output(args, json.dumps(data, ensure_ascii=False, indent=2) + "\n", "Registers")
    heading = f"{found.partnership}: {registers.window_words(found)}"
    heading += " (public)" if args.public else ""
    drawn = registers.tables(found, args.register)
    if args.output or not sys.stdout.isatty():  # plain text, for a file or a script
        parts = [heading]
        for t in drawn:
            parts += ["", t.title, table(t.header, t.rows) if t.rows else "  none"]
            parts += [f"  {t.note}"] if t.note else []
        return _output(args, "\n".join(parts) + "\n", "Registers")
    from rich.console import Console

    console = Console(highlight=False)
    console.print(heading, markup=False)
    for t in drawn:
        console.print(f"\n{t.title}", markup=False, style="bold")
        console.print(drawn_table(t.header, t.rows) if t.rows else "  none", markup=False)
        if t.note:
            console.print(f"  {t.note}", markup=False)
    return 0


def cmd_demo(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.core.demo import PARTNERSHIP, existing_demo
    from facilitator.core.demo_year import create_demo_year

    already = existing_demo(store)
    if already:
        print(f"The demo sessions are already in {store.root}: {', '.join(already)}")
        return 0
    ids = create_demo_year(store, datetime.now())
    print(f"Created demo sessions in {store.root}:")
    for earlier in ids[:-2]:
        print(f"  {earlier}  an earlier meeting of the demo partnership's year")
    print(f"  {ids[-2]}  a past meeting with notes, decisions, actions and a checklist review")
    print(f"  {ids[-1]}  an upcoming meeting, ready to run")
    print("Open them with: facilitator" + _dir_flag(args))
    print(f"The year's report: facilitator report --partnership '{PARTNERSHIP}' --format html")
    return 0


def cmd_report(args: argparse.Namespace, store: SessionStore) -> int:
    """The annual report (core.report); matplotlib is imported only here, when one is made."""
    from facilitator.core.report import file_name, make_report, window
    from facilitator.core.report_doc import render as render_report

    today = datetime.now().date()
    start, end = window(args.start, args.end, today)
    report = make_report(store, args.partnership, start, end, today, public=args.public)
    for problem in report.unread:  # the report says so too
        print(f"facilitator: warning: {problem}", file=sys.stderr)
    content = render_report(report, args.format)
    if args.output and Path(args.output).is_dir():
        args.output = str(Path(args.output) / file_name(report, args.format))
    if isinstance(content, bytes) and not args.output:
        raise UsageError("a Word document is a file: give -o FILE.docx or -o FOLDER")
    return _output(args, content, "Report")


def _dir_flag(args: argparse.Namespace) -> str:
    given = getattr(args, "data_dir", None)
    return f" --data-dir {given}" if given else ""


def cmd_run(args: argparse.Namespace, store: SessionStore) -> int:
    return _run_meeting(store, resolve_id(store, args.id), screen="live")


def cmd_room(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.ui.room import RoomApp

    session_id = resolve_id(store, args.id)
    store.peek(session_id)  # a clear message now if it cannot be read at all
    app = RoomApp(store, session_id, public=args.public, theme=args.theme)
    app.run()
    return app.return_code or 0


def cmd_serve(args: argparse.Namespace, store: SessionStore) -> int:
    """Serve ``facilitator room`` — the read-only view, never the editing screen — through
    textual-serve."""
    import shlex

    from textual_serve.server import Server

    session_id = resolve_id(store, args.id)
    store.peek(session_id)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"facilitator: warning: listening on {args.host}: anyone who can reach port "
            f"{args.port} can see the room view of {session_id}",
            file=sys.stderr,
        )
    command = [
        sys.executable,
        "-m",
        "facilitator",
        "--data-dir",
        str(store.root.resolve()),
        "room",
        session_id,
        "--theme",
        args.theme,
        *(["--public"] if args.public else []),
    ]
    server = Server(
        shlex.join(command),
        host=args.host,
        port=args.port,
        title=f"facilitator room — {session_id}",
    )
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's…
        taken = exc.errno == errno.EADDRINUSE
        reason = "the port is already in use" if taken else exc.strerror or str(exc)
        raise UsageError(f"cannot serve on {args.host}:{args.port}: {reason}") from None
    return 0


def cmd_home(args: argparse.Namespace, store: SessionStore) -> int:
    from facilitator.ui.app import make_app

    app = make_app(store)
    app.run()
    return app.return_code or 0


def _run_meeting(store: SessionStore, session_id: str, screen: str) -> int:
    """Open the meeting the one way every screen does — here, so that a refusal (locked,
    damaged, read-only) is one line in the shell — and hand it to the app."""
    from facilitator.core.opening import open_meeting
    from facilitator.ui.app import make_app

    opened = open_meeting(store, session_id)
    try:
        app = make_app(store, opened=opened, screen=screen)
        app.run()
    finally:
        opened.close()
    return app.return_code or 0


SCREENS = frozenset({cmd_home, cmd_run, cmd_plan})
"""The commands that open the app: its first screen drawn lets the collector go."""

CELL_WIDTH = 48  # a longer cell is cut with an ellipsis


def _flat(text: object) -> str:
    """A cell on one line, an escape sequence in it shown, not obeyed."""
    return visible(" ".join(str(text).split()))


def table(header: list[str], rows: list[list[str]], width: int = CELL_WIDTH) -> str:
    """The plain text table a script reads (and a file gets): a header, a line of dashes,
    the rows; columns two spaces apart, never wrapped, whatever the terminal's width; long
    cells cut with an ellipsis, newlines flattened. Widths are measured in terminal cells
    (rich.cells), so a row with 会议 or an emoji lines up with the rest."""
    from rich.cells import cell_len

    from facilitator.core.cells import cut

    def cell(text: object) -> str:
        return cut(_flat(text), width)

    cells = [[cell(c) for c in row] for row in [header, *rows]]
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def drawn_table(header: list[str], rows: list[list[str]]) -> RenderableType:
    """The same table drawn by rich for a person at a terminal: fitted to its width (a long
    cell is cut with an ellipsis rather than wrapped), the header in bold, cells as text,
    never markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    drawn = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, pad_edge=False)
    for name in header:
        drawn.add_column(name, no_wrap=True, overflow="ellipsis", max_width=CELL_WIDTH)
    for row in rows:
        drawn.add_row(*(Text(_flat(c)) for c in row))
    return drawn


def show_table(
    args: argparse.Namespace, header: list[str], rows: list[list[str]], what: str
) -> int:
    """A table on the terminal is drawn by rich; to a pipe, a file or ``-o FILE`` it is the
    plain :func:`table`, the same on any machine and at any width, for a script to read."""
    if getattr(args, "output", None):
        return _output(args, table(header, rows) + "\n", what)
    if not sys.stdout.isatty():
        sys.stdout.write(table(header, rows) + "\n")
        return 0
    from rich.console import Console

    Console(highlight=False).print(drawn_table(header, rows))
    return 0
