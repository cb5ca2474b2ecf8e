"""Read and echo the dates people type: ``friday``, ``in 2 weeks``, ``3/4``, ``2027-04-03``.

The parsers are pure: ``today`` is always passed in (they never look at the clock), they
accept only the forms below, and they raise nothing but :class:`DateError`, whose message is
one line fit to show the user. Matching ignores case and surrounding or repeated whitespace.

* ``today``, ``tomorrow``, ``yesterday``
* a weekday, full or abbreviated (``friday``, ``fri``): the next one strictly after today
* ``next friday``: the Friday of the week after this one (see :func:`_week_start`)
* ``in N days|weeks|months|years`` (``in a week``): N >= 1, at most 100 years ahead;
  months and years keep the day where they can (31 Jan + 1 month = 28 or 29 Feb)
* ``end of month`` / ``end of the month`` / ``eom``, ``end of next month``,
  ``end of week`` / ``eow`` (a Friday), ``end of next week``
* ``12 March``, ``12th Mar``, ``March 12``, optionally with a year (``2027`` or ``27``) and
  optionally after a weekday that must agree (``Fri 27 Nov 2026``, as :func:`echo_date` writes)
* UK day-first numbers: ``03/04/2027`` (3 April), ``3-4-2027``, ``3.4.27``, and ``3/4``
* ISO ``2027-04-03``, never read day-first

Without a year, a day-and-month means the next such date on or after today. Two-digit
years mean 20YY. Every year must lie in 1900-2200.

:func:`parse_datetime` takes such a date optionally followed by a time (``14:00``, ``2pm``,
``2:30pm``, ``at 14:00``, or ``T14:00`` after an ISO date); with no time it returns midnight.
"""

import re
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from facilitator.core.errors import UserError
from facilitator.core.patterns import lazy

__all__ = [
    "DateError",
    "shifted",
    "echo_date",
    "echo_datetime",
    "looks_like_date",
    "parse_date",
    "parse_datetime",
]

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_YEARS_AHEAD = 100
MAX_LENGTH = 100
"""Longer input is refused unread."""

_SHOWN_LENGTH = 40
_DATE_HINT = "try 27/11/2026, friday, in 2 weeks"
_DATETIME_HINT = "try 27/11/2026 14:00, friday 10am, tomorrow 9:30"

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    **{name: i for i, name in enumerate(_DAY_NAMES)},
    **{name[:3]: i for i, name in enumerate(_DAY_NAMES)},
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3,
}  # fmt: skip
_MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_ALIASES = {"eom": "end of month", "eow": "end of week"}
_STARTERS = frozenset({*_WEEKDAYS, *_MONTHS, *_RELATIVE_DAYS, "next", "end", "eom", "eow"})

# All patterns are used with fullmatch on normalised (lower-case, single-spaced) text.
# re.ASCII keeps \d to 0-9, so int() never sees other scripts' digits.
_ISO = lazy(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_NUMERIC = lazy(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?", re.ASCII)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,? (\d{4}|\d{2}))?"
_DAY_MONTH = lazy(rf"(?:([a-z]+),? )?(\d{{1,2}}){_ORDINAL} ([a-z]+){_YEAR}", re.ASCII)
_MONTH_DAY = lazy(rf"(?:([a-z]+),? )?([a-z]+) (\d{{1,2}}){_ORDINAL}{_YEAR}", re.ASCII)
_WEEKDAY = lazy(r"(next )?([a-z]+)", re.ASCII)
_IN = lazy(r"in (\d+|an?|one) (day|week|month|year)s?", re.ASCII)
_END_OF = lazy(r"end of (?:the |this )?(next )?(week|month)", re.ASCII)
_TIME = lazy(r"(\d{1,2})(?::(\d{2})(?::(\d{2}))?)? ?(am|pm)?", re.ASCII)
_WITH_TIME = lazy(r"(.+?)(?:,? at |,? )(\d[\d:]* ?(?:am|pm)?)", re.ASCII)
_ISO_T = lazy(r"(\d{4}-\d{1,2}-\d{1,2})t(.+)", re.ASCII)


class DateError(UserError, ValueError):
    """A typed date that cannot be read.

    ``str(err)`` is one line meant for the user, e.g.
    ``can't read 'blurgh' as a date — try 27/11/2026, friday, in 2 weeks``.
    """


class _Refused(Exception):
    """Internal refusal; ``detail`` (if any) replaces the generic hint in the message."""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail


Day = TypeVar("Day", date, datetime)


def shifted(moment: Day, /, **delta: int) -> Day:
    """``moment`` moved as ``dateutil.relativedelta(**delta)`` moves it (``months=1`` from 31
    January is 28 or 29 February). dateutil is imported the first time a date is moved so:
    not by every start of the app (4 ms)."""
    from dateutil.relativedelta import relativedelta

    return moment + relativedelta(**delta)


def parse_date(text: str, today: date) -> date:
    """Read ``text`` as a date relative to ``today``; raise :class:`DateError` if it isn't one."""
    norm = _normalise(text, "a date", _DATE_HINT)
    try:
        return _parse_date(norm, today)
    except _Refused as err:
        raise _error(text, "a date", err.detail or _DATE_HINT) from None
    except (ArithmeticError, ValueError, TypeError):
        raise _error(text, "a date", _DATE_HINT) from None


def parse_datetime(text: str, today: date) -> datetime:
    """Read ``text`` as a date optionally followed by a time; a naive local datetime.

    With no time given the result is at 00:00. Raises :class:`DateError` on anything else.
    """
    what = "a date and time"
    norm = _normalise(text, what, _DATETIME_HINT)
    try:
        return _parse_datetime(norm, today)
    except _Refused as err:
        raise _error(text, what, err.detail or _DATETIME_HINT) from None
    except (ArithmeticError, ValueError, TypeError):
        raise _error(text, what, _DATETIME_HINT) from None


def echo_date(d: date) -> str:
    """Write ``d`` the way the app shows dates, e.g. ``Fri 27 Nov 2026`` (locale-independent)."""
    day = _DAY_NAMES[d.weekday()][:3].title()
    month = _MONTH_NAMES[d.month - 1][:3].title()
    return f"{day} {d.day} {month} {d.year}"


def show_when(iso: str) -> str:
    """A stored ISO date (``Fri 27 Nov 2026``) or date and time (``…, 14:00``) as the app
    shows it; "" for none; text that is not ISO as it is."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if len(iso) <= 10:
        return echo_date(moment.date())
    return f"{echo_date(moment.date())}, {moment:%H:%M}"


def long_date(d: date) -> str:
    """``d`` in full, as a notice of meeting writes it: ``Wednesday 30 December 2026``."""
    return f"{_DAY_NAMES[d.weekday()].title()} {d.day} {_MONTH_NAMES[d.month - 1].title()} {d.year}"


def echo_datetime(dt: datetime) -> str:
    """Write ``dt`` as ``Fri 27 Nov 2026, 14:00`` (seconds are not shown)."""
    return f"{echo_date(dt.date())}, {dt.hour:02d}:{dt.minute:02d}"


def looks_like_date(text: str) -> bool:
    """Whether ``text`` plausibly starts as an attempt at a date (it need not be a valid one).

    True when it starts with a digit, or its first word is a weekday, a month, ``today``,
    ``tomorrow``, ``yesterday``, ``next``, ``end``, ``eom`` or ``eow``, or it is ``in``
    followed by a number or ``a``/``an``. One leading ``by`` is skipped, so ``by friday``
    is True and ``by phone`` is False.
    """
    words = text.lower().split()
    if words and words[0] == "by":
        words = words[1:]
    if not words:
        return False
    first = words[0].rstrip(",.;:")
    if first[:1].isascii() and first[:1].isdigit():
        return True
    if first in _STARTERS:
        return True
    if first == "in" and len(words) > 1:
        second = words[1].lstrip("+-")
        return (second.isascii() and second.isdigit()) or second in ("a", "an", "one")
    return False


# --- internals ---------------------------------------------------------------------------


def _normalise(text: str, what: str, hint: str) -> str:
    """Lower-case ``text`` with whitespace collapsed, or raise DateError if empty or too long."""
    norm = " ".join(text.split())
    if not norm:
        raise DateError(f"no {what.removeprefix('a ')} given — {hint}")
    if len(norm) > MAX_LENGTH:
        raise _error(text, what, "that's too long")
    return norm.lower()


def _error(text: str, what: str, detail: str) -> DateError:
    return DateError(f"can't read {_show(text)} as {what} — {detail}")


def _show(text: str) -> str:
    """``text`` quoted for a one-line message: single-spaced, shortened, unprintables escaped."""
    flat = " ".join(text.split())
    if len(flat) > _SHOWN_LENGTH:
        flat = flat[:_SHOWN_LENGTH] + "…"
    safe = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in flat
    )
    return f"'{safe}'"


def _parse_datetime(norm: str, today: date) -> datetime:
    try:
        return datetime.combine(_parse_date(norm, today), time())
    except _Refused as err:
        whole_error = err
    match = _ISO_T.fullmatch(norm) or _WITH_TIME.fullmatch(norm)
    if match is None:
        raise whole_error
    day = _parse_date(match[1], today)
    return datetime.combine(day, _parse_time(match[2]))


def _parse_time(text: str) -> time:
    """``14:00``, ``14:00:30``, ``2pm``, ``2:30 pm``; ``12am`` is midnight."""
    bad = _Refused(f"{text} isn't a time of day; try 14:00, 9:30am or 2pm")
    match = _TIME.fullmatch(text)
    if match is None or (match[2] is None and match[4] is None):
        raise bad
    hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise bad
        hour = hour % 12 + (12 if match[4] == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise bad from None


def _parse_date(s: str, today: date) -> date:
    result = _match_date(s, today)
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise _Refused(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return result


def _match_date(s: str, today: date) -> date:
    """One branch per documented form; raise _Refused when none fits."""
    s = _ALIASES.get(s, s)
    if s in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[s])
    if m := _ISO.fullmatch(s):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.fullmatch(s):
        day, sep, month, year = int(m[1]), m[2], int(m[3]), m[4]
        if year is not None:
            return _make(_full_year(year), month, day)
        if sep == "/":  # "3.4" or "3-4" alone is too likely to be something else
            return _next_occurrence(month, day, today)
    if (m := _WEEKDAY.fullmatch(s)) and m[2] in _WEEKDAYS:
        target = _WEEKDAYS[m[2]]
        if m[1]:
            return _week_start(today) + timedelta(weeks=1, days=target)
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    if m := _IN.fullmatch(s):
        return _in(m[1], m[2], today)
    if m := _END_OF.fullmatch(s):
        later = int(m[1] is not None)
        if m[2] == "week":
            return _week_start(today) + timedelta(weeks=later, days=4)
        return shifted(today, months=later, day=31)
    if m := _DAY_MONTH.fullmatch(s):
        return _named_month(m[1], m[3], int(m[2]), m[4], today)
    if m := _MONTH_DAY.fullmatch(s):
        return _named_month(m[1], m[2], int(m[3]), m[4], today)
    raise _Refused()


def _named_month(
    weekday: str | None, month_name: str, day: int, year: str | None, today: date
) -> date:
    """``[weekday] 12 March [2027]`` in either order; a given weekday must match the date."""
    if month_name not in _MONTHS or (weekday is not None and weekday not in _WEEKDAYS):
        raise _Refused()
    month = _MONTHS[month_name]
    result = (
        _make(_full_year(year), month, day)
        if year is not None
        else _next_occurrence(month, day, today)
    )
    if weekday is not None and _WEEKDAYS[weekday] != result.weekday():
        actual = _DAY_NAMES[result.weekday()].title()
        typed = _DAY_NAMES[_WEEKDAYS[weekday]].title()
        raise _Refused(f"{echo_date(result)} is a {actual}, not a {typed}")
    return result


def _in(amount: str, unit: str, today: date) -> date:
    """``in N <unit>``, refusing N < 1 and anything more than MAX_YEARS_AHEAD away."""
    too_far = _Refused(f"that's more than {MAX_YEARS_AHEAD} years away")
    if amount in ("a", "an", "one"):
        n = 1
    elif len(amount.lstrip("0")) > 6:
        raise too_far
    else:
        n = int(amount)
    if n < 1:
        raise _Refused("the number must be at least 1")
    try:
        if unit == "day":
            result = today + timedelta(days=n)
        elif unit == "week":
            result = today + timedelta(weeks=n)
        elif unit == "month":
            result = shifted(today, months=n)
        else:
            result = shifted(today, years=n)
    except (OverflowError, ValueError):
        raise too_far from None
    if result > shifted(today, years=MAX_YEARS_AHEAD):
        raise too_far
    return result


def _week_start(today: date) -> date:
    """Monday of the week ``today`` belongs to, where Saturday and Sunday already count as
    part of the coming week (so on a Sunday, ``end of week`` is the coming Friday and
    ``next friday`` the Friday after it)."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=1) if today.weekday() >= 5 else monday


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _make(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Refused(f"the year must be between {MIN_YEAR} and {MAX_YEAR}")
    if not 1 <= month <= 12:
        raise _Refused(f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise _Refused(f"{_MONTH_NAMES[month - 1].title()} {year} has no day {day}") from None


def _next_occurrence(month: int, day: int, today: date) -> date:
    """The first ``day``/``month`` on or after ``today`` (29 Feb may be years away)."""
    if not 1 <= month <= 12:
        raise _Refused(f"there is no month {month}")
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise _Refused(f"{_MONTH_NAMES[month - 1].title()} never has a day {day}")


def parse_when(text: str, today: date) -> str:
    """A meeting's date, with its time if one was given, as ISO: "2027-02-12" or
    "2027-02-12T14:00". A date typed without a time stays a date (never "00:00")."""
    try:
        return parse_date(text, today).isoformat()
    except DateError:
        return parse_datetime(text, today).isoformat(timespec="minutes")
