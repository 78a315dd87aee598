"""``kg ingest --workers N``: extraction in N processes, one writer. The graph is the same as
with one process (byte for byte in GraphML), a killed worker is reported by name and its
document retried, killing the writer leaves no worker behind, and progress on a pipe is
line-based."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schema.text import has_hangul

pytestmark = pytest.mark.models
ROOT = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-m", "kg"]
PROGRESS = re.compile(r"^progress documents=(\d+)/(\d+) rate=[0-9.]+/s eta=\d+s$")


def _ingest(corpus: Path, data_dir: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*KG, "ingest", str(corpus), "--data-dir", str(data_dir), *extra], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def _graphml(data_dir: Path) -> str:
    out = subprocess.run([*KG, "export", "--data-dir", str(data_dir)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _descendants(pid: int) -> list[int]:
    """Children, grandchildren …: on Linux the workers are children of the fork server, a
    child of the writer."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        pid = todo.pop()
        kids = [child for child, parent in parents.items() if parent == pid]
        found += kids
        todo += kids
    return found


def _workers(pid: int) -> list[int]:
    """The extraction workers of the writer ``pid``: they name themselves kg-extract-N."""
    found = []
    for child in _descendants(pid):
        try:
            if Path(f"/proc/{child}/comm").read_text().startswith("kg-extract-"):
                found.append(child)
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A mixed corpus: every paragraph of the seeds a document of its own (English and Korean),
    a document of both languages, one document twice under two names, an empty file and a
    Latin-1 file."""
    folder = tmp_path_factory.mktemp("corpus")
    n = 0
    for seed in sorted(seeds_dir.iterdir()):
        paragraphs = [p for p in seed.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 60]
        for p in paragraphs[:8]:
            (folder / f"{n:03d}.txt").write_text(p + "\n", encoding="utf-8")
            n += 1
    # a document of both languages: extracted in two parts (one per worker language), joined
    texts = [(folder / f"{k:03d}.txt").read_text(encoding="utf-8") for k in range(n)]
    english, korean = (next(t for t in texts if has_hangul(t) == ko) for ko in (False, True))
    (folder / "mixed.txt").write_text(english + korean, encoding="utf-8")
    (folder / "copy.txt").write_text((folder / "000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Société Générale opened an office in Seoul.\n".encode("latin-1"))
    return folder


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """GraphML and stdout of the corpus ingested with one process."""
    data_dir = tmp_path_factory.mktemp("one")
    proc = _ingest(corpus, data_dir, "--workers", "1")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return _graphml(data_dir), out


def test_two_workers_give_the_same_graph_as_one(corpus: Path, one_process: tuple[str, str], tmp_path: Path) -> None:
    proc = _ingest(corpus, tmp_path / "two", "--workers", "2")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert re.search(r"workers\s+│ 2 ", out) and re.search(r"kg-extract-1 memory\s+│ \d+ MiB peak", out)
    graphml, one_out = one_process
    assert _graphml(tmp_path / "two") == graphml
    # the same summary: documents, the copy unchanged, the empty file failed, entities, relations
    rows = [line for line in out.splitlines() if "│" in line and "workers" not in line and "memory" not in line]
    one_rows = [line for line in one_out.splitlines() if "│" in line and "workers" not in line]
    assert [r.replace(" ", "") for r in rows] == [r.replace(" ", "") for r in one_rows]
    assert re.search(r"documents unchanged\s+│ 1 ", out)  # copy.txt holds the text of 000.txt
    # progress on a pipe: one parseable line every few documents, the last one complete
    lines = [line for line in err.splitlines() if line.startswith("progress")]
    assert lines and all(PROGRESS.match(line) for line in lines), err
    done, total = PROGRESS.match(lines[-1]).groups()  # type: ignore[union-attr]
    assert done == total


def test_a_killed_worker_is_reported_by_name_and_its_document_retried(
    corpus: Path, one_process: tuple[str, str], tmp_path: Path
) -> None:
    proc = _ingest(corpus, tmp_path / "killed", "--workers", "2")
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _workers(proc.pid)  # not the fork server nor the resource tracker
        if len(workers) == 2:
            break
        time.sleep(0.1)
    assert len(workers) == 2, "the workers did not start"
    time.sleep(1.0)  # each holds a chunk of documents from the start
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert re.search(r"worker kg-extract-\d died \(exit code -9\) while\s+extracting", err), err
    assert "retrying it in a new worker" in err
    # nothing lost, nothing doubled: the graph of one process
    assert _graphml(tmp_path / "killed") == one_process[0]


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.fixture(scope="module")
def whole_seeds(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """48 documents, each a whole seed article under a line of its own: what two workers hold
    (two chunks each) gives results of more than a pipe's 64 KiB."""
    folder = tmp_path_factory.mktemp("whole_seeds")
    seeds = sorted(seeds_dir.iterdir())
    for n in range(48):
        text = seeds[n % len(seeds)].read_text(encoding="utf-8")
        (folder / f"{n:03d}.txt").write_text(f"Report {n}.\n{text}", encoding="utf-8")
    return folder


@pytest.mark.parametrize("results", ["none yet", "unread"])
def test_killing_the_writer_leaves_no_worker_behind(
    corpus: Path, whole_seeds: Path, tmp_path: Path, results: str
) -> None:
    """Killed as soon as the workers start, or after they extracted what they hold while the
    writer, stopped, read none of it (their queued results fill the pipe to the writer)."""
    proc = _ingest(corpus if results == "none yet" else whole_seeds, tmp_path / "writer", "--workers", "2")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_workers(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.1)
    workers = _descendants(proc.pid)  # the workers, the fork server, the resource tracker
    assert len(_workers(proc.pid)) == 2, "the workers did not start"
    if results == "unread":
        proc.send_signal(signal.SIGSTOP)
        ticks = [-2]
        while time.monotonic() < deadline:  # until the workers have done all they can
            time.sleep(1.0)
            now = [_cpu_ticks(pid) for pid in _workers(proc.pid)]
            if now == ticks:
                break
            ticks = now
    proc.send_signal(signal.SIGKILL)
    proc.wait()  # not communicate(): a worker left behind would hold the writer's stdout open
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.2)
    alive = []
    for pid in workers:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie is gone, only not yet reaped by its new parent
            alive.append(pid)
    for pid in alive:  # leave nothing behind for the next test
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived the killed writer"
