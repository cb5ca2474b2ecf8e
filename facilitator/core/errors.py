"""The one kind of error meant for the person at the keyboard.

A :class:`UserError` is something they can put right, or must be told of: a date that cannot
be read, a locked or damaged session, a command typed wrongly. Its ``str()`` is one line that
says what is wrong (and, where it can, what to do). Screens show that line and stay open; the
command line prints it after ``facilitator:`` and exits 2.

Every other exception is a bug and is left alone, so that it is a traceback in the tests and
never a plausible "Not saved". The disk refusing a write (an ``OSError``) is the one other
thing a screen that writes says in a line: it is the world, not the code.
"""

from __future__ import annotations


class UserError(Exception):
    """One line for the user. Every such error derives from it (StoreError, CaptureError,
    DateError, AgendaError …); raise it as it is for a refusal no other class names."""
