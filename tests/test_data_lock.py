"""One writer at a time in a data folder: two `review import --apply` at once both keep their verdicts,
a second writer waits for the first (saying so) or, after the bounded wait, refuses in one line."""
from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

from srbgraph import limits
from srbgraph.files import LOCK_NAME

from test_review import BASIS_B, CONFIRMED, REJECTED, export, fill, snapshot


def importer(sheet: Path, reviewer: str, data: Path) -> subprocess.Popen:
    """`srbgraph review import SHEET --reviewer REVIEWER --apply --data DATA` as a process of its own."""
    return subprocess.Popen([sys.executable, "-m", "srbgraph", "review", "import", str(sheet), "--reviewer", reviewer,
                             "--date", "2026-12-01", "--apply", "--data", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def verdicts_of(data: Path, reviewer: str) -> int:
    """How many reviews *reviewer* has in the data files."""
    return sum(text.count(f'reviewer: "{reviewer}"\n') for text in snapshot(data).values())


def held(data: Path):
    """The data folder's lock, taken as another srbgraph would take it."""
    handle = open(data / LOCK_NAME, "a+b")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def test_two_concurrent_imports_keep_every_verdict_of_both(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "blank.xlsx")
    first = fill(blank, {REJECTED: "abgelehnt", CONFIRMED: "bestätigt"}, tmp_path / "first.xlsx")
    second = fill(blank, {CONFIRMED: "unklar", BASIS_B: "bestätigt"}, tmp_path / "second.xlsx")
    for round_ in range(10):
        runs = [importer(first, f"Erste {round_}", data_copy), importer(second, f"Zweite {round_}", data_copy)]
        for run in runs:
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0, err
            assert "wrote 2 verdicts" in err
        assert verdicts_of(data_copy, f"Erste {round_}") == 2, round_
        assert verdicts_of(data_copy, f"Zweite {round_}") == 2, round_
    for round_ in range(10):
        assert verdicts_of(data_copy, f"Erste {round_}") == verdicts_of(data_copy, f"Zweite {round_}") == 2


def test_an_import_waits_for_the_writer_holding_the_data_folder(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "blank.xlsx")
    sheet = fill(blank, {REJECTED: "abgelehnt"}, tmp_path / "filled.xlsx")
    lock = held(data_copy)
    run = importer(sheet, "Dr. M. Muster", data_copy)
    try:
        first = run.stderr.readline()  # the import cannot get further than the lock while it is held
        assert first.strip() == f"waiting for another srbgraph writing {data_copy} …", first
        assert verdicts_of(data_copy, "Dr. M. Muster") == 0
    finally:
        lock.close()
    _out, rest = run.communicate(timeout=300)
    assert run.returncode == 0, rest
    assert verdicts_of(data_copy, "Dr. M. Muster") == 1


def test_an_import_refuses_in_one_line_when_the_wait_runs_out(srbgraph, data_copy, tmp_path, monkeypatch):
    blank = export(srbgraph, data_copy, tmp_path / "blank.xlsx")
    sheet = fill(blank, {REJECTED: "abgelehnt"}, tmp_path / "filled.xlsx")
    before = snapshot(data_copy)
    monkeypatch.setattr(limits, "DATA_LOCK_WAIT", 0.3)
    lock = held(data_copy)
    try:
        result = srbgraph("review", "import", sheet, "--reviewer", "Dr. M. Muster", "--apply", "--data", data_copy)
        shown = srbgraph("review", "import", sheet, "--reviewer", "Dr. M. Muster", "--data", data_copy)
    finally:
        lock.close()
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if line.startswith("srbgraph: error:")]
    assert errors == [f"srbgraph: error: {data_copy}: another srbgraph is still writing into it after 0.3 s of "
                      f"waiting (it holds {data_copy / LOCK_NAME}); nothing was written — run this again when it is done"]
    assert snapshot(data_copy) == before
    assert shown.code == 0, shown  # a dry run writes nothing and does not wait
    assert "1 verdict of Dr. M. Muster" in shown.err
