"""Run a Textual program until its first screen is written, then end the process at once:
for counting the instructions a start takes (bench_app.py runs this under callgrind).

    python benchmarks/first_paint.py MARKER -c CODE
    python benchmarks/first_paint.py MARKER -m MODULE [ARGS...]

The program runs as ``python -c CODE`` or ``python -m MODULE ARGS`` would run it; the first
time Textual's terminal driver is handed output containing MARKER (the whole first frame
is made by then), the process ends with ``os._exit``, so nothing after the first screen
(the app's later frames, its shutdown) is counted. A program that ends without writing
MARKER ends this with status 3.

The driver is imported, to be patched, before the program runs, so a little of Textual
(the driver, its events and messages) is imported before facilitator's command line
holds the cycle collector off: a little more is counted for facilitator than its own
start makes, never less. (Patching the driver from an import hook instead, as the program
imports it, counted 8M more instructions for the bare app and 27M more for facilitator.)
The frame is counted once it is made and handed to the driver; the driver's own thread
writing it to the terminal is not (the same for both programs).
"""

from __future__ import annotations

import os
import runpy
import sys

from textual.drivers import linux_driver


def main() -> None:
    marker, how, what, *rest = sys.argv[1:]
    write = linux_driver.LinuxDriver.write

    def written(self: linux_driver.LinuxDriver, data: str) -> None:
        write(self, data)
        if marker in data:
            os._exit(0)

    linux_driver.LinuxDriver.write = written  # type: ignore[method-assign]
    try:
        if how == "-c":
            sys.argv = ["-c", *rest]
            exec(compile(what, "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102
        else:
            sys.argv = [what, *rest]
            runpy.run_module(what, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        print(f"first_paint: the program ended ({exc.code!r}) before its first screen",
              file=sys.stderr)
    else:
        print("first_paint: the program ended before its first screen", file=sys.stderr)
    sys.stderr.flush()
    os._exit(3)


if __name__ == "__main__":
    main()
