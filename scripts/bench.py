"""Benchmark: starts the real stack and prints the figures (`make bench`; `make bench-quick`).

Measures start-up time (every Rasa worker ready), latency through the gateway and through Rasa's
REST channel directly (the difference is the gateway's overhead) for 1 sequential user, 10 and 50
concurrent 12-turn conversations, throughput and errors, the cost of a turn along one 300-turn
conversation, the peak memory of each process, a full `rasa train` from scratch, and the
held-out accuracy beside them. Writes var/bench/results.json
and prints a markdown table. Not a test: `make test` runs only `--quick`, to check it works."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import httpx

from scripts.evaluate import HELD_OUT, read_examples
from scripts.stack import BIN, NO_RATE_LIMITS, ROOT, Ports, Stack

OUT = ROOT / "var" / "bench" / "results.json"
SOAK_OUT = ROOT / "var" / "bench" / "soak.json"
CLUSTER_OUT = ROOT / "var" / "bench" / "cluster.json"
WORKERS = max(1, int(os.environ.get("RASA_WORKERS") or os.cpu_count() or 1))
TARGETS = {
    "p95_gateway_10_ms": 100,
    "throughput_50_per_s": 90,
    "gateway_overhead_p50_ms": 5,
    "peak_rss_stack_mb": 1600 * WORKERS + 300,
    "start_to_ready_s": 30,
    "training_s": 300,
    "long_turn_ratio": 1.3,
}
CONVERSATION_TURNS = 12
LONG_TURNS = 300
LONG_CHECKPOINTS = (1, 10, 25, 50, 100, 150, 200, 300)
# The five messages of the long conversation, sent round and round (typed, so the same on both paths).
LONG_MESSAGES = ("what is seclusion", "easier please", "tell me more", "who can help me", "what is PALS")

# (typed text or a button's title, the button's payload or None)
Turn = Tuple[str, Optional[str]]


def conversations(count: int) -> List[List[Turn]]:
    """Realistic 12-turn scripts: held-out questions, button presses (more detail, a related
    topic, who can help), typed level changes, and now and then a fallback or a crisis message."""
    questions = [text for text, label in read_examples(HELD_OUT)]
    scripts = []
    for index in range(count):

        def question(step: int, index: int = index) -> Turn:
            return questions[(index * 7 + step) % len(questions)], None

        turns = [
            question(0),
            ("More detail", "/more_detail"),
            ("easier please", None),
            question(3),
            ("Who can help?", '/faq{"topic": "who_can_help"}'),
            question(5),
            ("thanks", None),
            question(8),
            ("Show topics", "/topic_menu"),
            question(11),
            ("easier please", None),
            question(13),
        ]
        if index % 5 == 0:
            turns[6] = ("zxqv blorp wibble", None)
        if index % 10 == 0:
            turns[10] = ("i want to die", None)
        scripts.append(turns[:CONVERSATION_TURNS])
    return scripts


def percentile(values: List[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(latencies: List[float], errors: int, seconds: float) -> Dict[str, float]:
    return {
        "messages": len(latencies),
        "errors": errors,
        "seconds": round(seconds, 1),
        "per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


async def _send(http: httpx.AsyncClient, path: str, stack: Stack, session: Optional[str], turn: Turn) -> Optional[str]:
    """One message; returns the conversation's id for the next one (the gateway issues it)."""
    text, payload = turn
    if path == "gateway":
        body = {"message": text, "session_id": session, **({"payload": payload} if payload else {})}
        response = await http.post(f"{stack.gateway_url}/api/chat", json=body)
    else:
        session = session or uuid.uuid4().hex
        response = await http.post(
            f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": session, "message": payload or text}
        )
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    return response.json()["session_id"] if path == "gateway" else session


async def load(
    stack: Stack, path: str, users: int, seconds: float, sequential_messages: int = 0, pause: float = 0.0
) -> Dict[str, float]:
    """`users` conversations at once for `seconds` (or a fixed number of messages for one user),
    each waiting `pause` seconds after every reply, as a person reading it would."""
    latencies: List[float] = []
    errors = 0
    scripts = conversations(max(users, 50))
    limits = httpx.Limits(max_connections=users + 10, max_keepalive_connections=users + 10)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        deadline = time.monotonic() + seconds

        async def user(index: int) -> None:
            nonlocal errors
            sent = 0
            while True:
                session = None
                for turn in scripts[index % len(scripts)]:
                    if (sequential_messages and sent >= sequential_messages) or (
                        not sequential_messages and time.monotonic() >= deadline
                    ):
                        return
                    started = time.perf_counter()
                    try:
                        session = await _send(http, path, stack, session, turn)
                        latencies.append(time.perf_counter() - started)
                    except (httpx.HTTPError, RuntimeError):
                        errors += 1
                    sent += 1
                    if pause:
                        await asyncio.sleep(pause)
                index += users

        started = time.perf_counter()
        await asyncio.gather(*(user(i) for i in range(users)))
        return summary(latencies, errors, time.perf_counter() - started)


class MemoryWatch:
    """Samples the resident memory of the stack's processes (and their children) twice a second."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.peak_total = 0
        self.peak: Dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree(pid: int) -> List[int]:
        pids = [pid]
        try:
            for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
                pids += MemoryWatch._tree(int(child))
        except OSError:
            pass
        return pids

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def now(self) -> Dict[str, int]:
        """Resident memory of each process (with its children) now, in KB."""
        return {
            name: sum(self._rss_kb(pid) for pid in self._tree(process.pid))
            for name, process in list(self.stack.processes.items())
        }

    def _run(self) -> None:
        while not self._stop.is_set():
            current = self.now()
            for name, rss in current.items():
                self.peak[name] = max(self.peak.get(name, 0), rss)
            self.peak_total = max(self.peak_total, sum(current.values()))
            self._stop.wait(0.5)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


async def long_conversation(stack: Stack, turns: int = LONG_TURNS, repeats: int = 3) -> Dict:
    """The cost of each turn along one long conversation through Rasa's REST channel (the median
    over `repeats` conversations), at checkpoints, and turns 290-300 against turns 1-10."""
    per_turn: List[List[float]] = [[] for _ in range(turns)]
    async with httpx.AsyncClient(timeout=30) as http:
        for _ in range(repeats):
            session = None
            for number in range(turns):
                started = time.perf_counter()
                session = await _send(http, "rasa-rest", stack, session, (LONG_MESSAGES[number % 5], None))
                per_turn[number].append(time.perf_counter() - started)
    medians = [statistics.median(values) * 1000 for values in per_turn]

    def window(first: int, last: int) -> float:
        return round(statistics.median(medians[first - 1 : last]), 1)

    curve = {str(t): window(max(1, t - 4), min(turns, t + 5)) for t in LONG_CHECKPOINTS if t <= turns}
    start, end = window(1, 10), window(turns - 10, turns)
    return {
        "turns": turns,
        "repeats": repeats,
        "median_ms_near_turn": curve,
        "first_10_ms": start,
        "last_10_ms": end,
        "ratio": round(end / start, 2) if start else None,
    }


def train_from_scratch() -> float:
    """Seconds for a full `rasa train` with an empty cache, into a throwaway folder."""
    folder = Path(tempfile.mkdtemp(prefix="speakup-bench-train-"))
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(folder / "cache"), "TF_CPP_MIN_LOG_LEVEL": "2"}
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "train", "--force", "--out", str(folder / "models"), "--num-threads", "2"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def held_out_accuracy() -> float:
    from scripts.evaluate import evaluate, quiet_rasa_logs

    quiet_rasa_logs()
    return round(evaluate()["rasa"]["accuracy"], 3)


def table(results: Dict) -> str:
    figures = results["figures"]
    rows = [
        (
            "p95 through the gateway, 10 concurrent 12-turn conversations",
            f"{figures['p95_gateway_10_ms']} ms",
            "≤ 100 ms",
        ),
        (
            "throughput, 50 concurrent",
            f"{figures['throughput_50_per_s']} msg/s, {figures['errors_50']} errors",
            "≥ 90 msg/s, 0 errors",
        ),
        ("gateway overhead over Rasa REST, p50", f"{figures['gateway_overhead_p50_ms']} ms", "≤ 5 ms"),
        (
            "turns 290-300 against turns 1-10 of one conversation (median)",
            f"{figures['long_turn_ratio']}× ({figures['long_first_10_ms']} → {figures['long_last_10_ms']} ms)",
            "≤ 1.3×",
        ),
        (
            f"whole stack peak RSS ({figures['rasa_workers']} Rasa workers)",
            f"{figures['peak_rss_stack_mb']} MB",
            f"≤ {TARGETS['peak_rss_stack_mb']} MB (1600 per worker + 300)",
        ),
        ("start to ready (every worker)", f"{figures['start_to_ready_s']} s", "≤ 30 s"),
        (
            "full training",
            f"{figures['training_s']} s" if figures["training_s"] is not None else "not measured (--quick)",
            "≤ 300 s",
        ),
        (
            "held-out accuracy",
            str(figures["held_out_accuracy"]) if figures["held_out_accuracy"] is not None else "not measured (--quick)",
            "≥ 0.92",
        ),
    ]
    lines = ["| figure | measured | target |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += [
        "",
        "| load | path | messages | msg/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _name, run in results["runs"].items():
        lines.append(
            f"| {run['users']} user(s) | {run['path']} | {run['messages']} | {run['per_second']} | "
            f"{run['p50_ms']} | {run['p95_ms']} | {run['p99_ms']} | {run['errors']} |"
        )
    long = results["long_conversation"]
    lines += [
        "",
        f"One conversation of {long['turns']} turns through Rasa REST (median of {long['repeats']}), ms per turn:",
        "| turn | " + " | ".join(long["median_ms_near_turn"]) + " |",
        "|---|" + "---|" * len(long["median_ms_near_turn"]),
        "| ms | " + " | ".join(str(v) for v in long["median_ms_near_turn"].values()) + " |",
    ]
    lines.append("")
    lines.append("Peak RSS by process (MB): " + ", ".join(f"{k} {v}" for k, v in results["peak_rss_mb"].items()))
    return "\n".join(lines)


def bench_stack(database: Path, workers: int = 1) -> Stack:
    return Stack(
        ports=Ports.free(rasa_workers=workers),
        env={"DATABASE_URL": f"sqlite:///{database}", **NO_RATE_LIMITS},
        log_dir=ROOT / "var" / "bench" / "logs",
    )


def soak(minutes: float, users: int, out: Path, pause: float = 1.0) -> int:
    """`users` conversations for `minutes`, each pausing `pause` seconds after a reply (moderate
    load), one minute at a time; memory growth is measured from the end of a first minute of
    warm-up (lazy loading and caches filling are not growth)."""
    database = Path(tempfile.mkdtemp(prefix="speakup-soak-db-")) / "topics.db"
    stack = bench_stack(database)
    minutes_run = []
    try:
        stack.start()
        watch = MemoryWatch(stack)
        asyncio.run(load(stack, "gateway", users, 60, pause=pause))
        baseline = watch.now()
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline - 1:
            run = asyncio.run(load(stack, "gateway", users, min(60.0, deadline - time.monotonic()), pause=pause))
            minutes_run.append({**run, "rss_mb": {k: round(v / 1024) for k, v in watch.now().items()}})
            print(
                f"minute {len(minutes_run)}: {run['per_second']} msg/s, p95 {run['p95_ms']} ms, "
                f"{run['errors']} errors, RSS {sum(minutes_run[-1]['rss_mb'].values())} MB",
                flush=True,
            )
        final = watch.now()
    finally:
        stack.stop()
        shutil.rmtree(database.parent, ignore_errors=True)
    growth = {name: round(100 * (final[name] - baseline[name]) / baseline[name], 1) for name in baseline}
    total_growth = round(100 * (sum(final.values()) - sum(baseline.values())) / sum(baseline.values()), 1)
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "minutes": minutes,
        "users": users,
        "pause_s": pause,
        "messages": sum(m["messages"] for m in minutes_run),
        "errors": sum(m["errors"] for m in minutes_run),
        "baseline_rss_mb": {k: round(v / 1024) for k, v in baseline.items()},
        "final_rss_mb": {k: round(v / 1024) for k, v in final.items()},
        "growth_percent": growth,
        "total_growth_percent": total_growth,
        "per_minute": minutes_run,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"\n| soak | result | target |\n|---|---|---|\n"
        f"| duration, load | {minutes} min, {users} conversations at once, {pause} s pause after each reply | 20 min, moderate |\n"
        f"| messages, errors | {result['messages']}, {result['errors']} | no errors |\n"
        f"| whole-stack memory growth after warm-up | {total_growth}% "
        f"({sum(result['baseline_rss_mb'].values())} → {sum(result['final_rss_mb'].values())} MB) | < 10% |\n"
        f"\nGrowth by process (%): {growth}\nwrote {out}"
    )
    return 0 if result["errors"] == 0 and total_growth < 10 else 1


def cluster_bench(out: Path, seconds: float = 60) -> int:
    """The same conversations through the cluster's front (nginx, 2 gateways, 2 Rasa instances),
    beside the last single-stack figures in var/bench/results.json."""
    from scripts.cluster import Cluster

    cluster = Cluster(log_dir=ROOT / "var" / "bench" / "cluster-logs")
    runs: Dict[str, Dict] = {}
    try:
        with MemoryWatch(cluster) as memory:
            cluster.start()
            asyncio.run(load(cluster, "gateway", 2, 0, 20))
            for users in (10, 50):
                runs[f"{users}-cluster"] = {"users": users, **asyncio.run(load(cluster, "gateway", users, seconds))}
    finally:
        cluster.stop()
    single = json.loads(OUT.read_text()) if OUT.exists() else None
    peak = {name: round(kb / 1024) for name, kb in memory.peak.items()}
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "runs": runs,
        "peak_rss_mb": peak,
        "peak_rss_total_mb": round(memory.peak_total / 1024),
        "single_stack": single["runs"] if single else None,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    lines = [
        "| load | single stack msg/s | single p95 ms | cluster msg/s | cluster p95 ms | cluster errors |",
        "|---|---|---|---|---|---|",
    ]
    for users in (10, 50):
        here = runs[f"{users}-cluster"]
        there = (single or {}).get("runs", {}).get(f"{users}-gateway", {})
        lines.append(
            f"| {users} conversations | {there.get('per_second', '-')} | {there.get('p95_ms', '-')} | "
            f"{here['per_second']} | {here['p95_ms']} | {here['errors']} |"
        )
    print("\n".join(lines))
    print(f"\nPeak RSS by process (MB): {peak}; whole cluster {result['peak_rss_total_mb']} MB\nwrote {out}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Speak Up benchmark")
    parser.add_argument("--quick", action="store_true", help="a short run that checks the benchmark works")
    parser.add_argument("--soak", action="store_true", help="a long run at moderate load that watches memory")
    parser.add_argument("--soak-minutes", type=float, default=20)
    parser.add_argument("--soak-users", type=int, default=10)
    parser.add_argument("--cluster", action="store_true", help="the same load through `make cluster`'s front")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.cluster:
        return cluster_bench(args.out or CLUSTER_OUT)
    if args.soak:
        return soak(args.soak_minutes, args.soak_users, args.out or SOAK_OUT)
    args.out = args.out or OUT
    quick = args.quick
    seconds_10, seconds_50, sequential = (5, 5, 20) if quick else (30, 60, 150)

    training = None if quick else round(train_from_scratch(), 1)
    database = Path(tempfile.mkdtemp(prefix="speakup-bench-db-")) / "topics.db"
    stack = bench_stack(database, WORKERS)
    started = time.perf_counter()
    runs: Dict[str, Dict] = {}
    try:
        with MemoryWatch(stack) as memory:
            stack.start()
            ready = round(time.perf_counter() - started, 1)
            asyncio.run(load(stack, "gateway", 1, 0, 10))  # warm-up: first calls load lazy parts
            for path in ("gateway", "rasa-rest"):
                runs[f"1-{path}"] = {"users": 1, "path": path, **asyncio.run(load(stack, path, 1, 0, sequential))}
            runs["10-gateway"] = {"users": 10, "path": "gateway", **asyncio.run(load(stack, "gateway", 10, seconds_10))}
            runs["10-rasa-rest"] = {
                "users": 10,
                "path": "rasa-rest",
                **asyncio.run(load(stack, "rasa-rest", 10, seconds_10)),
            }
            runs["50-gateway"] = {"users": 50, "path": "gateway", **asyncio.run(load(stack, "gateway", 50, seconds_50))}
            long = asyncio.run(long_conversation(stack, 30 if quick else LONG_TURNS, 1 if quick else 3))
    finally:
        stack.stop()
        shutil.rmtree(database.parent, ignore_errors=True)
    peak = {name: round(kb / 1024) for name, kb in memory.peak.items()}
    results = {
        "date": time.strftime("%Y-%m-%d"),
        "quick": quick,
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "python": platform.python_version(),
        },
        "figures": {
            "p95_gateway_10_ms": runs["10-gateway"]["p95_ms"],
            "throughput_50_per_s": runs["50-gateway"]["per_second"],
            "errors_50": runs["50-gateway"]["errors"],
            "gateway_overhead_p50_ms": round(runs["1-gateway"]["p50_ms"] - runs["1-rasa-rest"]["p50_ms"], 1),
            "peak_rss_stack_mb": round(memory.peak_total / 1024),
            "start_to_ready_s": ready,
            "training_s": training,
            "rasa_workers": WORKERS,
            "long_turn_ratio": long["ratio"],
            "long_first_10_ms": long["first_10_ms"],
            "long_last_10_ms": long["last_10_ms"],
            "held_out_accuracy": None if quick else held_out_accuracy(),
        },
        "targets": TARGETS,
        "runs": runs,
        "peak_rss_mb": peak,
        "long_conversation": long,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(
        f"\nSpeak Up benchmark, {results['date']}, {results['machine']['cores']} cores, "
        f"{results['machine']['memory_gb']} GB{' (quick mode)' if quick else ''}\n"
    )
    print(table(results))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
