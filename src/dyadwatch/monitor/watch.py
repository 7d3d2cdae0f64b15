"""``dyadwatch watch A B --every 1h``: update in a loop.

Each run opens the store, updates, and closes it, so between runs the watcher holds no lock and ``assess``,
the listings and other readers use the store freely. After a failed run (a source failed, or the store could
not be opened) the next try comes sooner and backs off: 1, 2, 4 … minutes, never later than the interval.
SIGINT or SIGTERM stops the loop cleanly: a run in progress finishes its current source's commit path (the
update itself is safe to interrupt), and no new run starts.
"""
from __future__ import annotations

import re
import signal
import threading
from typing import Callable

from dyadwatch.errors import DyadwatchError, InputError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """'90s', '15m', '1h', '1d' (or plain seconds) -> seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text or ""))
    if not m or float(m.group(1)) <= 0:
        raise InputError(f"--every {text!r}: not a duration", hint="e.g. --every 15m, --every 1h, --every 1d")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


def backoff(failures: int, every: float, base: float = 60.0) -> float:
    """Seconds until the next run after `failures` consecutive failed runs (0: the regular interval)."""
    if failures <= 0:
        return every
    return min(every, base * 2 ** (failures - 1))


def watch(run_once: Callable[[], int], every: float, *, max_runs: int | None = None, base: float = 60.0,
          stop: threading.Event | None = None, say: Callable[[str], None] = print) -> int:
    """Call `run_once` (which opens and closes the store, returning an exit code) every `every` seconds until
    stopped; returns the last run's exit code (130 when stopped by a signal before any run finished)."""
    stop = stop or threading.Event()
    previous = {}

    def _stop(signum, frame):  # noqa: ARG001
        say(f"watch: {signal.Signals(signum).name} received, stopping after the current step")
        stop.set()

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, _stop)
    runs, failures, code = 0, 0, 130
    try:
        while not stop.is_set():
            try:
                code = run_once()
            except DyadwatchError as exc:
                say(f"watch: run failed: {exc}")
                code = exc.exit_code
            runs += 1
            failures = failures + 1 if code != 0 else 0
            if max_runs is not None and runs >= max_runs:
                break
            wait = backoff(failures, every, base)
            say(f"watch: run {runs} exit {code}; next run in {wait:g} s" + (f" (after {failures} failed run(s))"
                                                                            if failures else ""))
            stop.wait(wait)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code
