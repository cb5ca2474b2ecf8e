"""Patterns compiled at their first use (core/patterns.py): they match as re.compile's do,
and importing what a start imports compiles none of them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

from facilitator.core.patterns import lazy


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    pattern, flags = r"(?:^|\s)(by|due)\s+(\d+)", re.IGNORECASE
    made, compiled = lazy(pattern, flags), re.compile(pattern, flags)
    assert made._compiled is None  # noqa: SLF001 - nothing compiled until it is used
    for text in ["due 3", "pay BY 12 and due 4", "nothing", " by  7"]:
        for method in ("match", "fullmatch", "search"):
            found, expected = getattr(made, method)(text), getattr(compiled, method)(text)
            assert (found and found.groups()) == (expected and expected.groups())
        assert [m.span() for m in made.finditer(text)] == [
            m.span() for m in compiled.finditer(text)
        ]
        assert made.findall(text) == compiled.findall(text)
        assert made.split(text) == compiled.split(text)
        assert made.sub("-", text) == compiled.sub("-", text)
    kept = made._compiled  # noqa: SLF001
    made.search("due 1")
    assert kept is not None and made._compiled is kept  # noqa: SLF001 - compiled once, kept


START = textwrap.dedent(
    """
    import json, sys
    import facilitator.cli, facilitator.core.opening, facilitator.ui.app, facilitator.ui.live
    from facilitator.core.patterns import Lazy
    patterns = [
        (name, attr, value._compiled is not None)
        for name, module in list(sys.modules.items()) if name.startswith("facilitator")
        for attr, value in vars(module).items() if isinstance(value, Lazy)
    ]
    print(json.dumps(patterns))
    """
)


def test_a_start_imports_its_patterns_without_compiling_them() -> None:
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, timeout=60, check=True
    )
    patterns = json.loads(done.stdout)
    assert len(patterns) >= 30  # the typed-line readers' patterns are among them
    assert [p for p in patterns if p[2]] == []
