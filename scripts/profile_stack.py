"""Profiles the running stack under load with py-spy, and prints where the time goes.

Starts the stack, sends 10 concurrent conversations for a while, samples the Rasa server and
the action server with `py-spy record`, and prints the functions that most samples were inside
(inclusive), per process. Used to explain the benchmark's figures (README, Performance)."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import List

from scripts.bench import MemoryWatch, bench_stack, load
from scripts.stack import BIN, ROOT

OUT = ROOT / "var" / "bench"


def top_frames(raw: Path, count: int = 45):
    """Samples in all, and the functions most samples were inside (inclusive) and on top of (self)."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack:
            continue
        samples = int(samples)
        total += samples
        frames = stack.split(";")
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    return total, inclusive.most_common(count), own.most_common(count // 2)


def cpu_seconds(pids: List[int]) -> float:
    """User plus system CPU time of these processes so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            pass
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Rasa workers (as make run)")
    parser.add_argument("--users", type=int, default=10)
    args = parser.parse_args(argv)
    database = Path(tempfile.mkdtemp(prefix="speakup-profile-")) / "topics.db"
    stack = bench_stack(database, workers=args.workers)
    stack.start()
    try:
        asyncio.run(load(stack, "gateway", 1, 0, 10))
        recorders = {}
        for name in ("rasa", "actions", "gateway"):
            raw = OUT / f"profile-{name}.txt"
            recorders[name] = (
                raw,
                subprocess.Popen(
                    [
                        str(BIN / "py-spy"),
                        "record",
                        "--pid",
                        str(stack.processes[name].pid),
                        "--duration",
                        str(args.seconds),
                        "--rate",
                        "50",
                        "--format",
                        "raw",
                        "--output",
                        str(raw),
                        "--nonblocking",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                ),
            )
        pids = {name: MemoryWatch._tree(process.pid) for name, process in stack.processes.items()}
        before = {name: cpu_seconds(tree) for name, tree in pids.items()}
        result = {}
        worker = threading.Thread(
            target=lambda: result.update(asyncio.run(load(stack, "gateway", args.users, args.seconds)))
        )
        worker.start()
        worker.join()
        used = {name: cpu_seconds(tree) - before[name] for name, tree in pids.items()}
        for name, (raw, process) in recorders.items():
            process.wait(timeout=args.seconds + 60)
            total, frames, own = top_frames(raw)
            print(f"\n== {name}: {total} samples; share of samples inside each function (inclusive)")
            for frame, samples in frames:
                print(f"{100 * samples / max(total, 1):5.1f}%  {frame[:150]}")
            print(f"\n== {name}: share of samples on top of the stack (self)")
            for frame, samples in own:
                print(f"{100 * samples / max(total, 1):5.1f}%  {frame[:150]}")
        print(f"\nload during profiling: {result}")
        messages = max(1, int(result.get("messages") or 0))
        print("CPU time per message, by process (ms, from /proc; py-spy's own sampling not included):")
        for name, seconds in sorted(used.items()):
            print(f"  {name}: {1000 * seconds / messages:.1f}")
        print(f"  all: {1000 * sum(used.values()) / messages:.1f}")
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
