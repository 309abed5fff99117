"""Profiles the running stack under load with py-spy, and prints where the time goes.

Starts the stack, sends 10 concurrent conversations for a while, samples the Rasa server and
the action server with `py-spy record`, and prints the functions that most samples were inside
(inclusive), per process. Used to explain the benchmark's figures (README, Performance)."""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from scripts.bench import load
from scripts.stack import BIN, ROOT, Ports, Stack

OUT = ROOT / "var" / "bench"


def top_frames(raw: Path, count: int = 45):
    inclusive: Counter = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack:
            continue
        samples = int(samples)
        total += samples
        for frame in set(stack.split(";")):
            inclusive[frame] += samples
    return total, inclusive.most_common(count)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args(argv)
    database = Path(tempfile.mkdtemp(prefix="speakup-profile-")) / "topics.db"
    stack = Stack(ports=Ports.free(), env={"DATABASE_URL": f"sqlite:///{database}"}, log_dir=OUT / "logs")
    stack.start()
    try:
        asyncio.run(load(stack, "gateway", 1, 0, 10))
        recorders = {}
        for name in ("rasa", "actions"):
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
        result = {}
        worker = threading.Thread(target=lambda: result.update(asyncio.run(load(stack, "gateway", 10, args.seconds))))
        worker.start()
        worker.join()
        for name, (raw, process) in recorders.items():
            process.wait(timeout=args.seconds + 60)
            total, frames = top_frames(raw)
            print(f"\n== {name}: {total} samples; share of samples inside each function (inclusive)")
            for frame, samples in frames:
                print(f"{100 * samples / max(total, 1):5.1f}%  {frame[:150]}")
        print(f"\nload during profiling: {result}")
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
