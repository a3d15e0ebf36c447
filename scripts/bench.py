"""`make bench`: a bounded load test on loopback, against a stock `rasa init` assistant.

Both assistants run as real servers on free ports of 127.0.0.1, one after the
other, in the same run, so that figures are comparable on any machine:

1. single user: one conversation at a time, every turn timed (p50/p95/p99),
   split into turns without and with a call to the action server;
2. load: CONVERSATIONS concurrent conversations x TURNS messages each (a
   realistic mix; ours includes action calls), throughput and latency;
3. memory: the Rasa server's peak resident memory (VmHWM) over the run.

Prints the figures and the ratios to the baseline, checks them against
TARGETS, and writes docs/performance.md. The baseline's model is
trained once into build/bench-baseline (a few minutes) and reused.
Exit status 1 when there were errors (the targets are reported, not enforced:
they are figures to read, not a test).
"""

from __future__ import annotations

import asyncio
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import List

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.loopback import ServerDidNotStart, free_port, stop, wait_until_up  # noqa: E402

BIN = Path(sys.executable).parent
BASELINE_DIR = ROOT / "build" / "bench-baseline"
DOC = ROOT / "docs" / "performance.md"

CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "50"))
TURNS = int(os.environ.get("BENCH_TURNS", "20"))
SINGLE_USER_ROUNDS = int(os.environ.get("BENCH_SINGLE_ROUNDS", "10"))

TARGETS = {
    "throughput_ratio": 1.0,
    "p95_no_action_ms": 60.0,
    "p95_action_ms": 120.0,
    "rss_mb": 1536.0,
}

# (message, calls the action server?) — one conversation's script, repeated to TURNS.
OUR_SCRIPT = [
    ("hello", False),
    ("what is a second opinion?", False),
    ("I have a PPO in Ohio", True),  # action_handle_inform
    ("does my insurance cover a second opinion?", True),
    ("do I need a referral?", True),
    ("how much will it cost me?", True),
    ("how do I tell my doctor?", False),
    ("what records should I bring?", False),
    ("what happens at the appointment?", False),
    ("thanks", False),
]
BASELINE_SCRIPT = [
    ("hello", False),
    ("I am feeling sad", False),
    ("yes", False),
    ("are you a bot?", False),
    ("great", False),
    ("bye", False),
]


def rss_peak_mb(pid: int) -> float:
    """Peak resident memory of the process and its children, in MB.

    Rasa may fork no children; they are counted anyway.
    """
    total = 0.0
    for p in [pid] + children(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def children(pid: int) -> List[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def wait_up(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait for a server to answer; a server that does not start ends the run."""
    try:
        wait_until_up(url, process, log, seconds=300)
    except ServerDidNotStart as error:
        raise SystemExit(f"{error}\n(full log: {log})") from None


@dataclass
class Figures:
    name: str
    single_no_action: List[float] = field(default_factory=list)
    single_action: List[float] = field(default_factory=list)
    load_latencies: List[float] = field(default_factory=list)
    load_seconds: float = 0.0
    messages: int = 0
    errors: int = 0
    rss_mb: float = 0.0

    @property
    def throughput(self) -> float:
        return self.messages / self.load_seconds if self.load_seconds else 0.0


def percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def p50_p95_p99(values: List[float]) -> str:
    """The 50th, 95th and 99th percentiles as "12 / 17 / 23" (whole milliseconds)."""
    return " / ".join(f"{percentile(values, q):.0f}" for q in (50, 95, 99))


async def turn(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, figures: Figures
) -> float:
    started = time.perf_counter()
    try:
        async with session.post(
            url, json={"sender": sender, "message": text}, timeout=aiohttp.ClientTimeout(total=120)
        ) as answer:
            body = await answer.json()
            if answer.status != 200 or not body:
                figures.errors += 1
    except Exception:  # noqa: BLE001 - counted as an error
        figures.errors += 1
    return (time.perf_counter() - started) * 1000


async def single_user(url: str, script, figures: Figures) -> None:
    async with aiohttp.ClientSession() as session:
        await turn(session, url, "warm-up", "hello", figures)  # first call loads lazily
        for _ in range(SINGLE_USER_ROUNDS):
            sender = f"single-{uuid.uuid4().hex[:8]}"
            for text, calls_action in script:
                ms = await turn(session, url, sender, text, figures)
                (figures.single_action if calls_action else figures.single_no_action).append(ms)


async def load(url: str, script, figures: Figures) -> None:
    connector = aiohttp.TCPConnector(limit=CONVERSATIONS)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def conversation(index: int) -> None:
            sender = f"load-{index}-{uuid.uuid4().hex[:6]}"
            for i in range(TURNS):
                text, _ = script[i % len(script)]
                figures.load_latencies.append(await turn(session, url, sender, text, figures))
                figures.messages += 1

        started = time.perf_counter()
        await asyncio.gather(*(conversation(i) for i in range(CONVERSATIONS)))
        figures.load_seconds = time.perf_counter() - started


def run_assistant(
    name: str, project: Path, model: Path, script, with_actions: bool, workdir: Path
) -> Figures:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    processes = []
    figures = Figures(name)
    try:
        args = ["--model", str(model)]
        if with_actions:
            actions_port = free_port()
            log = workdir / f"{name}-actions.log"
            actions = subprocess.Popen(
                [
                    str(BIN / "rasa"),
                    "run",
                    "actions",
                    "--actions",
                    "actions",
                    "--port",
                    str(actions_port),
                ],
                cwd=project,
                env=env,
                stdout=open(log, "w"),
                stderr=subprocess.STDOUT,
            )
            processes.append(actions)
            wait_up(f"http://127.0.0.1:{actions_port}/health", actions, log)
            endpoints = workdir / f"{name}-endpoints.yml"
            endpoints.write_text(
                f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
                "tracker_store:\n"
                "  type: stores.sqlite_tracker_store.SQLiteTrackerStore\n"
                f"  db: {workdir / 'bench.db'}\n"
            )
            args += [
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(project / "credentials.yml"),
            ]
        port = free_port()
        log = workdir / f"{name}-rasa.log"
        rasa = subprocess.Popen(
            [str(BIN / "rasa"), "run", *args, "-i", "127.0.0.1", "--port", str(port)],
            cwd=project,
            env=env,
            stdout=open(log, "w"),
            stderr=subprocess.STDOUT,
        )
        processes.append(rasa)
        wait_up(f"http://127.0.0.1:{port}/", rasa, log)
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        print(
            f"[{name}] single user: {SINGLE_USER_ROUNDS} conversations of {len(script)} turns ...",
            flush=True,
        )
        asyncio.run(single_user(url, script, figures))
        print(
            f"[{name}] load: {CONVERSATIONS} concurrent conversations x {TURNS} messages ...",
            flush=True,
        )
        asyncio.run(load(url, script, figures))
        figures.rss_mb = rss_peak_mb(rasa.pid)
    finally:
        for process in reversed(processes):
            stop(process, seconds=30)
    return figures


def baseline_model() -> Path:
    models = sorted((BASELINE_DIR / "models").glob("*.tar.gz")) if BASELINE_DIR.exists() else []
    if models:
        return models[-1]
    print("Training the baseline (`rasa init --no-prompt`, once; a few minutes) ...", flush=True)
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)  # rasa init wants the folder to exist
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(BASELINE_DIR)],
        check=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
    )
    return sorted((BASELINE_DIR / "models").glob("*.tar.gz"))[-1]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def report(ours: Figures, base: Figures) -> List[str]:
    ratio = ours.throughput / base.throughput if base.throughput else float("nan")
    base_single = base.single_no_action
    rows = [
        ("errors", f"{ours.errors}", f"{base.errors}", "", "0", ours.errors == 0),
        (
            "throughput at load (messages/s)",
            f"{ours.throughput:.1f}",
            f"{base.throughput:.1f}",
            f"{ratio:.2f}x",
            "≥ 1.0x",
            ratio >= TARGETS["throughput_ratio"],
        ),
        (
            "load p50 / p95 / p99 (ms)",
            p50_p95_p99(ours.load_latencies),
            p50_p95_p99(base.load_latencies),
            "",
            "",
            None,
        ),
        (
            "single user, no action: p50 / p95 / p99 (ms)",
            p50_p95_p99(ours.single_no_action),
            p50_p95_p99(base_single),
            f"{percentile(ours.single_no_action, 95) / percentile(base_single, 95):.2f}x p95",
            "p95 ≤ 60 ms",
            percentile(ours.single_no_action, 95) <= TARGETS["p95_no_action_ms"],
        ),
        (
            "single user, with an action call: p50 / p95 / p99 (ms)",
            p50_p95_p99(ours.single_action),
            "(no actions)",
            "",
            "p95 ≤ 120 ms",
            percentile(ours.single_action, 95) <= TARGETS["p95_action_ms"],
        ),
        (
            "Rasa server peak resident memory (MB)",
            f"{ours.rss_mb:.0f}",
            f"{base.rss_mb:.0f}",
            f"{ours.rss_mb / base.rss_mb:.2f}x" if base.rss_mb else "",
            "≤ 1536 MB",
            ours.rss_mb <= TARGETS["rss_mb"],
        ),
    ]
    lines = [
        "| figure | ours | baseline (`rasa init`) | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, mine, theirs, rel, target, met in rows:
        lines.append(
            f"| {name} | {mine} | {theirs} | {rel} | {target} | "
            f"{'' if met is None else ('yes' if met else '**no**')} |"
        )
    return lines


def main() -> int:
    model = ROOT / "models" / "current.tar.gz"
    if not model.exists():
        print("No trained model: run `make train` first (make bench does).", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="second-opinion-bench-") as tmp:
        workdir = Path(tmp)
        base = run_assistant(
            "baseline", BASELINE_DIR, baseline_model(), BASELINE_SCRIPT, False, workdir
        )
        ours = run_assistant("ours", ROOT, model, OUR_SCRIPT, True, workdir)
    table = report(ours, base)
    print("\n".join(table))
    DOC.write_text(
        "\n".join(
            [
                "# Performance",
                "",
                f"Measured {datetime.date.today().isoformat()} with `make bench` "
                f"(scripts/bench.py) on {machine()}.",
                "Both assistants ran as real servers on loopback, one after the other in the "
                "same run: ours (with its",
                "action server and SQLite tracker store) and a stock `rasa init` assistant "
                "(in-memory tracker store,",
                "no custom actions) as the baseline.",
                f"Single user: {SINGLE_USER_ROUNDS} conversations one after the other, every "
                "turn timed. Load:",
                f"{CONVERSATIONS} concurrent conversations x {TURNS} messages "
                f"({CONVERSATIONS * TURNS} messages); ours",
                f"mix {sum(1 for _, a in OUR_SCRIPT if a)} action turns in {len(OUR_SCRIPT)}.",
                "",
                *table,
                "",
            ]
        )
        + "\n"
        + NOTES
    )
    print(f"\nWritten to {DOC.relative_to(ROOT)}.")
    return 1 if ours.errors or base.errors else 0


NOTES_PATH = ROOT / "docs" / "performance-notes.md"
NOTES = NOTES_PATH.read_text() if NOTES_PATH.exists() else ""

if __name__ == "__main__":
    sys.exit(main())
