"""The start-up benchmark's sampling (benchmarks/bench_app.py): starts go on through a busy
spell until each program's quickest start is one a quiet machine repeats."""

from __future__ import annotations

import sys
from itertools import chain, repeat
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from bench_app import quiet_starts, settled, settled_note  # noqa: E402


def test_one_quick_start_among_slow_ones_is_not_settled():
    assert not settled([1.0, 1.3, 1.4, 1.2])
    assert settled([1.0, 1.3, 1.02, 1.04])
    assert not settled([1.0, 1.01])  # three are needed


def test_the_starts_go_on_through_a_busy_spell_and_stop_once_both_have_settled():
    bare = repeat(0.2).__next__
    busy = [0.4 + 0.05 * k for k in range(21)]  # 21 starts slowed, each by its own amount
    ours = chain(busy[::-1], repeat(0.3)).__next__  # then the spell passes
    starts = quiet_starts(bare, ours, 15, 45)
    assert len(starts) == 24  # the three quiet ones, then it stops
    assert min(o for _, o in starts) == 0.3
    assert settled_note(starts) == ""


def test_a_quiet_machine_takes_the_least_and_a_busy_one_the_most():
    assert len(quiet_starts(repeat(0.2).__next__, repeat(0.3).__next__, 15, 45)) == 15
    noisy = (0.3 * 1.1**k for k in range(100)).__next__  # no two starts alike
    starts = quiet_starts(repeat(0.2).__next__, noisy, 15, 45)
    assert len(starts) == 45
    assert "not settled" in settled_note(starts)
