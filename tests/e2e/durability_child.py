"""Child process for tests/e2e/test_durability.py (not a test module).

    python durability_child.py DATA_DIR SESSION_ID RUN [LIMIT]

Opens the session for writing and captures ``note RUN-0``, ``note RUN-1``, ... one at a
time. After each capture returns (so the store says the note is on disk) it prints
``ACK RUN-i`` and flushes. The parent SIGKILLs it at a random moment. Only the Textual-free
core is imported, so the child starts quickly.
"""

from __future__ import annotations

import sys

from facilitator.core.meeting import Meeting
from facilitator.core.store import SessionStore


def main(argv: list[str]) -> int:
    root, session_id, run = argv[1], argv[2], argv[3]
    limit = int(argv[4]) if len(argv) > 4 else 1_000_000
    writer = SessionStore(root).writer(session_id)
    meeting = Meeting(writer)
    out = sys.stdout
    for i in range(limit):
        meeting.capture(f"note {run}-{i}")
        out.write(f"ACK {run}-{i}\n")  # one short write: the pipe gets the whole line or none
        out.flush()
    writer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
