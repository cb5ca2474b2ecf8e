"""Tests for facilitator.core.dates: every parse runs against a frozen ``today``."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.dates import (
    DateError,
    echo_date,
    echo_datetime,
    looks_like_date,
    parse_date,
    parse_datetime,
)

MON = date(2026, 11, 23)
FRI = date(2026, 11, 27)
SAT = date(2026, 11, 28)
SUN = date(2026, 11, 29)
NYE = date(2026, 12, 31)  # a Thursday
JAN31 = date(2027, 1, 31)
LEAP_DAY = date(2028, 2, 29)

D = date  # keeps the tables short

PARSE_DATE_CASES = [
    # relative days
    ("today", MON, MON),
    ("tomorrow", MON, D(2026, 11, 24)),
    ("yesterday", MON, D(2026, 11, 22)),
    ("  Tomorrow  ", MON, D(2026, 11, 24)),
    # weekdays from a Monday
    ("friday", MON, FRI),
    ("Fri", MON, FRI),
    ("FRIDAY", MON, FRI),
    ("  friday\t", MON, FRI),
    ("monday", MON, D(2026, 11, 30)),
    ("tue", MON, D(2026, 11, 24)),
    ("tues", MON, D(2026, 11, 24)),
    ("thurs", MON, D(2026, 11, 26)),
    ("sunday", MON, SUN),
    ("next friday", MON, D(2026, 12, 4)),
    ("next  Fri", MON, D(2026, 12, 4)),
    ("next monday", MON, D(2026, 11, 30)),
    ("next sunday", MON, D(2026, 12, 6)),
    # weekdays from a Friday
    ("friday", FRI, D(2026, 12, 4)),
    ("next friday", FRI, D(2026, 12, 4)),
    ("saturday", FRI, SAT),
    ("next saturday", FRI, D(2026, 12, 5)),
    ("thursday", FRI, D(2026, 12, 3)),
    # weekdays from a weekend: Saturday and Sunday belong to the coming week
    ("friday", SAT, D(2026, 12, 4)),
    ("next friday", SAT, D(2026, 12, 11)),
    ("friday", SUN, D(2026, 12, 4)),
    ("next friday", SUN, D(2026, 12, 11)),
    ("sunday", SUN, D(2026, 12, 6)),
    ("monday", SUN, D(2026, 11, 30)),
    ("next monday", SUN, D(2026, 12, 7)),
    # in N units
    ("in 1 day", MON, D(2026, 11, 24)),
    ("in 3 days", MON, D(2026, 11, 26)),
    ("in 2 weeks", MON, D(2026, 12, 7)),
    ("in 1 weeks", MON, D(2026, 11, 30)),
    ("in a week", MON, D(2026, 11, 30)),
    ("in a month", MON, D(2026, 12, 23)),
    ("in 2 months", MON, D(2027, 1, 23)),
    ("in 1 year", MON, D(2027, 11, 23)),
    ("in an year", MON, D(2027, 11, 23)),
    ("in 100 years", MON, D(2126, 11, 23)),
    ("in 1200 months", MON, D(2126, 11, 23)),
    ("in 1 month", JAN31, D(2027, 2, 28)),
    ("in 1 month", D(2028, 1, 31), LEAP_DAY),
    ("in 1 year", LEAP_DAY, D(2029, 2, 28)),
    # end of month / week
    ("end of month", MON, D(2026, 11, 30)),
    ("end of the month", MON, D(2026, 11, 30)),
    ("End Of This Month", MON, D(2026, 11, 30)),
    ("eom", MON, D(2026, 11, 30)),
    ("end of next month", MON, NYE),
    ("end of month", JAN31, JAN31),
    ("end of next month", JAN31, D(2027, 2, 28)),
    ("end of week", MON, FRI),
    ("eow", FRI, FRI),
    ("end of week", SAT, D(2026, 12, 4)),
    ("end of the week", SUN, D(2026, 12, 4)),
    ("end of next week", MON, D(2026, 12, 4)),
    # the year turning
    ("tomorrow", NYE, D(2027, 1, 1)),
    ("1 Jan", NYE, D(2027, 1, 1)),
    ("in 1 day", NYE, D(2027, 1, 1)),
    ("friday", NYE, D(2027, 1, 1)),
    ("end of month", NYE, NYE),
    ("end of next month", NYE, D(2027, 1, 31)),
    ("in 1 month", NYE, D(2027, 1, 31)),
    ("31 dec", NYE, NYE),
    ("31/12", NYE, NYE),
    ("1/1", NYE, D(2027, 1, 1)),
    # day and month names
    ("12 March", MON, D(2027, 3, 12)),
    ("12 mar", MON, D(2027, 3, 12)),
    ("March 12", MON, D(2027, 3, 12)),
    ("12th March", MON, D(2027, 3, 12)),
    ("mar 12th", MON, D(2027, 3, 12)),
    ("1st sept", MON, D(2027, 9, 1)),
    ("23 nov", MON, MON),
    ("22 nov", MON, D(2027, 11, 22)),
    ("12 March 2027", MON, D(2027, 3, 12)),
    ("12 Mar 27", MON, D(2027, 3, 12)),
    ("March 12, 2027", MON, D(2027, 3, 12)),
    ("12 march 2020", MON, D(2020, 3, 12)),
    ("Fri 27 Nov 2026", MON, FRI),
    ("fri, 27 nov", MON, FRI),
    ("29 feb", MON, LEAP_DAY),
    ("29 Feb 2028", MON, LEAP_DAY),
    # UK day-first numbers
    ("03/04/2027", MON, D(2027, 4, 3)),
    ("3/4/2027", MON, D(2027, 4, 3)),
    ("03-04-2027", MON, D(2027, 4, 3)),
    ("03.04.2027", MON, D(2027, 4, 3)),
    ("3/4/27", MON, D(2027, 4, 3)),
    ("3/4", MON, D(2027, 4, 3)),
    ("23/11", MON, MON),
    ("22/11", MON, D(2027, 11, 22)),
    ("29/02/2028", MON, LEAP_DAY),
    ("29/2", MON, LEAP_DAY),
    ("1/1/1900", MON, D(1900, 1, 1)),
    ("31/12/2200", MON, D(2200, 12, 31)),
    # ISO, never flipped
    ("2027-04-03", MON, D(2027, 4, 3)),
    ("2027-12-01", MON, D(2027, 12, 1)),
    ("2027-01-12", MON, D(2027, 1, 12)),
    ("2027-4-3", MON, D(2027, 4, 3)),
]


@pytest.mark.parametrize(("text", "today", "expected"), PARSE_DATE_CASES)
def test_parse_date(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


REFUSED_DATES = [
    "blurgh",
    "next",
    "in",
    "in -2 days",
    "in 0 days",
    "in 2",
    "in 101 years",
    "in 1201 months",
    "in 99999999999999999999 days",
    "in 1000000 weeks",
    "32/01/2027",
    "31/02/2027",
    "13/13/2027",
    "29/02/2027",
    "0/1/2027",
    "31 feb",
    "30 february 2028",
    "2027-13-01",
    "2027-02-30",
    "1/1/1899",
    "1/1/2201",
    "1/1/202",
    "3/4-2027",
    "3.4",
    "3-4",
    "friday week",
    "this friday",
    "next week",
    "next next friday",
    "friday 10am",
    "on friday",
    "12 smarch",
    "12 march fuzzy",
    "Mon 27 Nov 2026",
    "end",
    "end of",
    "end of year",
    "99999999999999999999",
    "1e400",
    "nan",
    "-1",
    "\x00",
    "🙂",
    "friday\nblurgh",
    "\u202efriday",
    "יום שישי",
    "١٢/٣/٢٠٢٧",
    "x" * 10_000,
    "friday " * 30,
]


def _assert_user_message(err: DateError, text: str) -> None:
    message = str(err)
    assert message.strip()
    assert len(message.splitlines()) == 1
    flat = " ".join(text.split())
    if flat.isprintable():
        assert flat[:30] in message


@pytest.mark.parametrize("text", REFUSED_DATES)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, MON)
    _assert_user_message(caught.value, text)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_is_refused(text: str) -> None:
    for parse in (parse_date, parse_datetime):
        with pytest.raises(DateError) as caught:
            parse(text, MON)
        _assert_user_message(caught.value, text)


def test_error_is_a_value_error_with_a_helpful_message() -> None:
    with pytest.raises(ValueError, match=r"^can't read 'blurgh' as a date — try "):
        parse_date("blurgh", MON)
    with pytest.raises(DateError, match="February 2027 has no day 29"):
        parse_date("29/02/2027", MON)


PARSE_DATETIME_CASES = [
    ("12/02/2027 14:00", MON, datetime(2027, 2, 12, 14, 0)),
    ("12/02/2027 2pm", MON, datetime(2027, 2, 12, 14, 0)),
    ("12/02/2027 2:30pm", MON, datetime(2027, 2, 12, 14, 30)),
    ("12/02/2027 2:30 PM", MON, datetime(2027, 2, 12, 14, 30)),
    ("2027-02-12 14:00", MON, datetime(2027, 2, 12, 14, 0)),
    ("2027-02-12T14:00", MON, datetime(2027, 2, 12, 14, 0)),
    ("2027-02-12T14:00:30", MON, datetime(2027, 2, 12, 14, 0, 30)),
    ("12 Feb 2027 at 14:00", MON, datetime(2027, 2, 12, 14, 0)),
    ("friday 10am", MON, datetime(2026, 11, 27, 10, 0)),
    ("friday, 10 am", MON, datetime(2026, 11, 27, 10, 0)),
    ("friday at 12am", MON, datetime(2026, 11, 27, 0, 0)),
    ("friday 12pm", MON, datetime(2026, 11, 27, 12, 0)),
    ("tomorrow 09:30", MON, datetime(2026, 11, 24, 9, 30)),
    ("tomorrow 9:30", NYE, datetime(2027, 1, 1, 9, 30)),
    ("in 2 weeks 0:00", MON, datetime(2026, 12, 7, 0, 0)),
    ("Fri 27 Nov 2026, 14:00", MON, datetime(2026, 11, 27, 14, 0)),
    # no time: midnight
    ("12/02/2027", MON, datetime(2027, 2, 12, 0, 0)),
    ("12 march 2027", MON, datetime(2027, 3, 12, 0, 0)),
    ("friday", MON, datetime(2026, 11, 27, 0, 0)),
]


@pytest.mark.parametrize(("text", "today", "expected"), PARSE_DATETIME_CASES)
def test_parse_datetime(text: str, today: date, expected: datetime) -> None:
    assert parse_datetime(text, today) == expected


REFUSED_DATETIMES = [
    "12/02/2027 25:00",
    "12/02/2027 14:75",
    "12/02/2027 14:00:61",
    "friday 13pm",
    "friday 0am",
    "friday 14:00pm",
    "friday 10",
    "friday 1400",
    "friday 14.00",
    "25:00",
    "10am",
    "blurgh 10am",
    "31/02/2027 10:00",
    "2027-02-12T",
    "2027-02-12T14",
    "2027-02-12Tblurgh",
    "friday at",
    "friday 10am 11am",
    *(text for text in REFUSED_DATES if text != "friday 10am"),
]


@pytest.mark.parametrize("text", REFUSED_DATETIMES)
def test_parse_datetime_refuses(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_datetime(text, MON)
    _assert_user_message(caught.value, text)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (FRI, "Fri 27 Nov 2026"),
        (date(2027, 4, 1), "Thu 1 Apr 2027"),
        (date(1900, 1, 1), "Mon 1 Jan 1900"),
        (LEAP_DAY, "Tue 29 Feb 2028"),
    ],
)
def test_echo_date(d: date, expected: str) -> None:
    assert echo_date(d) == expected


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (datetime(2026, 11, 27, 14, 0), "Fri 27 Nov 2026, 14:00"),
        (datetime(2027, 4, 1, 9, 5, 59), "Thu 1 Apr 2027, 09:05"),
        (datetime(2027, 4, 1), "Thu 1 Apr 2027, 00:00"),
    ],
)
def test_echo_datetime(dt: datetime, expected: str) -> None:
    assert echo_datetime(dt) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by phone", False),
        ("by 31/02/2027", True),
        ("by friday", True),
        ("by next week", True),
        ("by the way", False),
        ("by", False),
        ("", False),
        ("   ", False),
        ("phone", False),
        ("the way", False),
        ("friday", True),
        ("Fri, if possible", True),
        ("12 march", True),
        ("march", True),
        ("3/4", True),
        ("2027-04-03", True),
        ("today", True),
        ("tomorrow", True),
        ("next", True),
        ("end of month", True),
        ("eom", True),
        ("in 2 weeks", True),
        ("in a month", True),
        ("in -2 days", True),
        ("in", False),
        ("in the morning", False),
        ("🙂", False),
        ("١٢/٣", False),
    ],
)
def test_looks_like_date(text: str, expected: bool) -> None:
    assert looks_like_date(text) is expected


# --- properties ------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)

TOKENS = st.sampled_from(
    [
        "in", "a", "next", "end", "of", "the", "month", "week", "days", "years", "friday",
        "fri", "mar", "12", "12th", "0", "-2", "99999999999999999999", "3/4", "31/02/2027",
        "2027-04-03", "2027-02-12t14:00", "27", "2027", "at", ",", "10am", "13pm", "25:00",
        "14:00", "eom", "tomorrow", "1e400", "\x00", "🙂",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(TOKENS, max_size=6).map(" ".join))


@PROPERTY_SETTINGS
@given(text=TEXTS, today=st.dates())
def test_parse_date_returns_a_date_or_raises_date_error(text: str, today: date) -> None:
    try:
        result = parse_date(text, today)
    except DateError as err:
        assert len(str(err).splitlines()) == 1
    else:
        assert type(result) is date
        assert 1900 <= result.year <= 2200


@PROPERTY_SETTINGS
@given(text=TEXTS, today=st.dates())
def test_parse_datetime_returns_a_datetime_or_raises_date_error(text: str, today: date) -> None:
    try:
        result = parse_datetime(text, today)
    except DateError as err:
        assert len(str(err).splitlines()) == 1
    else:
        assert type(result) is datetime
        assert result.tzinfo is None


@PROPERTY_SETTINGS
@given(text=st.text())
def test_looks_like_date_never_raises(text: str) -> None:
    assert isinstance(looks_like_date(text), bool)


@PROPERTY_SETTINGS
@given(d=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_echo_date_reads_back(d: date) -> None:
    assert parse_date(echo_date(d), MON) == d


@PROPERTY_SETTINGS
@given(dt=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59)))
def test_echo_datetime_reads_back(dt: datetime) -> None:
    dt = dt.replace(second=0, microsecond=0)
    assert parse_datetime(echo_datetime(dt), MON) == dt
