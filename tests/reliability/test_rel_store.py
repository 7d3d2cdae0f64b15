"""Store integrity: damage, backup, lock waiting, and kill / interrupt / full disk during a load of a
generated file, run as real processes on real DuckDB files."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyadwatch.cli import main


def dyadwatch(*args, env_extra=None, **kw):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "dyadwatch", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, **kw)


def generated(path: Path, n: int = 2000) -> Path:
    lines = ["sources:", "- id: gen", "  title: Generated", "observations:"]
    lines += [f"- {{indicator: exports, reporter: UKR, partner: BLR, period: '{1900 + i % 120}', "
              f"product: '{10 + i // 120}', value: {i}.5, source: gen}}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def small_store(tmp_path):
    path = tmp_path / "s.duckdb"
    f = tmp_path / "a.yaml"
    f.write_text("sources:\n- id: s1\n  title: A\n- id: s2\n  title: B\n")
    assert main(["load", str(f), "--store", str(path)]) == 0
    return path


def test_truncated_store_is_one_line_exit_3(small_store, tmp_path):
    os.truncate(small_store, small_store.stat().st_size // 3)
    r = dyadwatch("store", "check", "--store", small_store)
    assert r.returncode in (1, 3) and "Traceback" not in r.stderr and ("problem:" in r.stdout or "damaged" in r.stderr)
    for args in (["sources", "list"], ["store", "info"], ["load", str(tmp_path / "a.yaml")]):
        r = dyadwatch(*args, "--store", small_store)
        assert r.returncode == 3, (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert "damaged" in r.stderr and "store check" in r.stderr and "backup" in r.stderr


def test_garbage_in_the_middle_is_found_by_store_check(small_store):
    size = small_store.stat().st_size
    with open(small_store, "r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(size // 3))
    r = dyadwatch("store", "check", "--store", small_store)
    assert r.returncode in (1, 3) and "Traceback" not in r.stderr
    assert ("problem:" in r.stdout and "Corrupt" in r.stdout) or "damaged" in r.stderr
    # a writer reads the small tables back before writing: it refuses to build on the damage
    f = small_store.parent / "b.yaml"
    f.write_text("sources:\n- id: s9\n  title: C\n")
    r = dyadwatch("load", f, "--store", small_store)
    assert r.returncode == 3 and "damaged" in r.stderr and "Traceback" not in r.stderr


def test_backup_is_a_consistent_copy(small_store, tmp_path, capsys):
    dest = tmp_path / "b.duckdb"
    assert main(["store", "backup", str(dest), "--store", str(small_store)]) == 0
    assert main(["store", "check", "--store", str(dest)]) == 0
    from dyadwatch.store import open_store
    with open_store(small_store) as a, open_store(dest) as b:
        assert a.counts() == b.counts() and b.scalar("SELECT count(*) FROM sources") == 2
    assert main(["store", "backup", str(dest), "--store", str(small_store)]) == 2  # no silent overwrite
    assert "exists" in capsys.readouterr().err


HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(float(sys.argv[2]))"


# holds the lock until its stdin closes: released when the test says so, not after a fixed time (on a loaded machine
# the writer's start-up alone may outlast a fixed hold, and it then finds the store free)
HOLD_UNTIL_EOF = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.read()"


def test_writer_waits_for_the_lock_then_proceeds(small_store, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_UNTIL_EOF, str(small_store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        t = time.monotonic()
        env = dict(os.environ, DYADWATCH_LOCK_WAIT="20")
        writer = subprocess.Popen([sys.executable, "-m", "dyadwatch", "load", str(tmp_path / "a.yaml"), "--store",
                                   str(small_store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        said = ""
        while "waiting up to" not in said:               # the writer says it waits (or ends: then '' below)
            line = writer.stderr.readline()
            if not line:
                break
            said += line
        time.sleep(1.0)
        assert writer.poll() is None, said             # still waiting for the lock after a second
    finally:
        holder.stdin.close()                           # release the lock
        holder.wait(timeout=60)
    _, rest = writer.communicate(timeout=120)
    stderr = said + rest
    assert writer.returncode == 0, stderr
    assert "in use by another process" in stderr and "waiting up to 20 s" in stderr
    assert time.monotonic() - t >= 1.0


def test_writer_gives_up_after_the_bounded_wait(small_store, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(small_store), "8"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        t = time.monotonic()
        r = dyadwatch("sources", "list", "--store", small_store, env_extra={"DYADWATCH_LOCK_WAIT": "0.5"})
        assert r.returncode == 3 and "stayed locked for 0.5 s" in r.stderr and "Traceback" not in r.stderr
        assert time.monotonic() - t < 6
    finally:
        holder.kill()
        holder.wait()


def _consistent(store_path, rows: int = 2000) -> int:
    """Observations of the generated file (``rows`` of them) in the store: 0 or all of them, and `store check`
    passes."""
    r = dyadwatch("store", "check", "--store", store_path)
    assert r.returncode == 0, r.stdout + r.stderr
    from dyadwatch.store import open_store
    with open_store(store_path) as st:
        n = st.scalar("SELECT count(*) FROM observations WHERE source_id = 'gen'")
        ledger = st.scalar("SELECT count(*) FROM ingest_ledger WHERE kind = 'curated'")
    assert (n, ledger) in ((0, 1), (rows, 2)), (n, ledger)
    return n


@pytest.mark.parametrize("delay", [0.8, 2.0])
def test_kill_9_during_a_load_leaves_the_store_consistent(small_store, tmp_path, delay):
    gen = generated(tmp_path / "gen.yaml")
    p = subprocess.Popen([sys.executable, "-m", "dyadwatch", "load", str(gen), "--store", str(small_store)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()
    _consistent(small_store)


def test_interrupt_during_a_load_exits_130_without_traceback(small_store, tmp_path):
    # a larger file each time the load beats the interrupt, so a fast machine still sees the interrupt land
    for n in (2000, 20000, 100000):
        gen, store = generated(tmp_path / f"gen{n}.yaml", n), tmp_path / f"s{n}.duckdb"
        shutil.copyfile(small_store, store)   # each attempt on a fresh copy of the same small store
        p = subprocess.Popen([sys.executable, "-m", "dyadwatch", "load", str(gen), "--store", str(store)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # interrupt once dyadwatch has the store open (the load is under way), not at a fixed time: on a loaded
        # machine a fixed sleep may fall inside Python's start-up, before dyadwatch runs at all
        fds, deadline = Path(f"/proc/{p.pid}/fd"), time.monotonic() + 60

        def store_open() -> bool:
            try:
                return any(os.readlink(f).startswith(str(store)) for f in fds.iterdir())
            except OSError:
                return False

        while not store_open() and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=120)
        if p.returncode != 0:
            break
    else:
        pytest.skip("a 100,000-row load finished before the interrupt arrived")
    assert p.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    _consistent(store, n)   # all of the file or none of it (none unless the interrupt came after the commit)


def test_full_disk_at_commit_is_one_line_and_loses_nothing(small_store, tmp_path):
    """The file-size limit stands in for a full disk: the commit's write fails (EFBIG, like ENOSPC)."""
    gen = generated(tmp_path / "gen.yaml")
    limit = 20_000  # the WAL of this load is larger; the store file is already larger and is not extended

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = dyadwatch("load", gen, "--store", small_store, preexec_fn=limited)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "disk is full" in r.stderr and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    _consistent(small_store)
