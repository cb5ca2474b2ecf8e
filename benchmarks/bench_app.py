"""The app in front of a room: start-up, keystroke to repaint, and memory, each measured
against a bare Textual app in the same run (headless, as Textual's own tests run).

    python benchmarks/bench_app.py [--repeat 5]

* start-up: ``facilitator run`` to its first screen vs a bare app with one Static;
* keystroke → repaint in the capture bar, with a meeting of 200 entries on the current item,
  vs a bare app with one Input;
* peak memory (max RSS, in a fresh process) with 1,000 sessions on the home screen, vs the
  same bare app.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

sys.path.insert(0, str(Path(__file__).parent))
from bench_archive import build  # noqa: E402

from facilitator.core.agenda import agenda_from_dict  # noqa: E402
from facilitator.core.meeting import Meeting  # noqa: E402
from facilitator.core.store import SessionStore  # noqa: E402
from facilitator.ui.app import make_app  # noqa: E402

AGENDA = {
    "title": "Board", "partnership": "Bench", "date": "23/11/2026 14:00",
    "participants": [{"name": f"Person {k}", "organisation": f"Org {k}"} for k in range(8)],
    "items": [{"title": f"Item {k}", "minutes": 10} for k in range(8)],
}


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")
        yield Input(id="capture")


async def first_screen(make: object) -> float:
    start = time.perf_counter()
    app = make()  # type: ignore[operator]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


async def keystroke(app: App[None], presses: int = 40) -> float:
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#capture", Input).focus()
        for _ in range(presses):
            start = time.perf_counter()
            await pilot.press("a")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def meeting_store(folder: Path) -> tuple[SessionStore, str]:
    store = SessionStore(folder)
    sid = store.create(agenda_from_dict(AGENDA, datetime(2026, 11, 23).date()))
    writer = store.writer(sid)
    meeting = Meeting(writer)
    for k in range(200):
        meeting.capture(f"entry {k}: " + "words " * 10)
    writer.close()
    return store, sid


RSS_CHILD = textwrap.dedent(
    """
    import asyncio, resource, sys
    async def main():
        if sys.argv[1] == "bare":
            sys.path.insert(0, sys.argv[3])
            from bench_app import Bare
            app = Bare()
        else:
            from facilitator.core.store import SessionStore
            from facilitator.ui.app import make_app
            app = make_app(SessionStore(sys.argv[2]))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
    asyncio.run(main())
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def peak_rss(kind: str, folder: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", RSS_CHILD, kind, str(folder), str(Path(__file__).parent)],
        capture_output=True, text=True, check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


async def room_latency(store: SessionStore, sid: str, saves: int = 10) -> list[float]:
    """Seconds from a save by another process to the line on the room view's screen."""
    from facilitator.ui.room import RoomApp

    writer_code = textwrap.dedent(
        """
        import sys, time
        from facilitator.core.meeting import Meeting
        from facilitator.core.store import SessionStore
        writer = SessionStore(sys.argv[1]).writer(sys.argv[2])
        meeting = Meeting(writer)
        meeting.capture("/reopen") if meeting.session.info.state == "ended" else None
        for line in sys.stdin:
            meeting.capture(line.strip())
            print(time.monotonic(), flush=True)
        writer.close()
        """
    )
    child = subprocess.Popen([sys.executable, "-c", writer_code, str(store.root), sid],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    app = RoomApp(store, sid)
    times = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for n in range(saves):
                text = f"Latency check {n}"
                child.stdin.write(f"/decision {text}\n")
                child.stdin.flush()
                saved = float(child.stdout.readline())
                while text not in "\n".join(s.text for s in
                                              app.screen._compositor.render_strips()):
                    await pilot.pause(0.01)
                times.append(time.monotonic() - saved)
    finally:
        child.stdin.close()
        child.wait(timeout=10)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store, sid = meeting_store(Path(folder) / "one")
        bare = min(asyncio.run(first_screen(Bare)) for _ in range(args.repeat))
        ours = min(asyncio.run(first_screen(lambda: make_app(store, session_id=sid)))
                   for _ in range(args.repeat))
        latencies = asyncio.run(room_latency(store, sid))
        key_bare = asyncio.run(keystroke(Bare()))
        key_ours = asyncio.run(keystroke(make_app(store, session_id=sid)))
        big = build(Path(folder) / "big", 1000)
        rss_bare = peak_rss("bare", big.root)
        rss_ours = peak_rss("ours", big.root)
    print(f"start-up to first screen: {ours * 1000:.0f} ms vs bare {bare * 1000:.0f} ms "
          f"= {ours / bare:.2f}x (target ≤ 1.25x)")
    print(f"keystroke to repaint (200 entries on the item): {key_ours * 1000:.1f} ms vs bare "
          f"{key_bare * 1000:.1f} ms = {key_ours / key_bare:.2f}x")
    print(f"room view, save in another process → on screen: median "
          f"{statistics.median(latencies) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms "
          f"(target ≤ 500 ms)")
    print(f"peak memory, home screen with 1,000 sessions: {rss_ours} MiB vs bare app "
          f"{rss_bare} MiB (target ≤ 80 MiB)")


if __name__ == "__main__":
    main()
