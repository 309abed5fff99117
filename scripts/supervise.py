"""Keeps `make run`'s processes up: restarts a part that stops (backoff 1 s, 2 s, 4 s ... 30 s),
stops everything once on Ctrl+C, SIGTERM or SIGHUP, and makes children die with the runner."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Protocol

PR_SET_PDEATHSIG = 1
MAX_DELAY = 30.0
# A part that stops within this many seconds of being started has failed quickly.
QUICK_FAILURE = 30.0
# After this many quick failures in a row, say clearly which part keeps failing.
KEEPS_FAILING = 5
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def die_with_parent() -> None:
    """In a child before exec: the kernel sends it SIGTERM when the runner dies, even by SIGKILL.
    (Linux ties this to the thread that started the child: start supervised parts from the main
    thread.)"""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() == 1:  # the runner died before prctl took effect
        os._exit(1)


class Supervised(Protocol):
    """What the supervisor needs of a Stack or a Cluster."""

    processes: Dict[str, "object"]

    def start(self) -> object: ...

    def stop(self) -> None: ...

    def restart(self, name: str) -> None: ...

    def log_of(self, name: str) -> Optional[Path]: ...


@dataclass
class PartState:
    """Restart bookkeeping for one part."""

    started: float = field(default_factory=time.monotonic)
    quick_failures: int = 0
    due: Optional[float] = None  # when the next restart is due, if the part is down

    def delay(self) -> float:
        return min(MAX_DELAY, 2.0 ** max(0, self.quick_failures - 1))


class Supervisor:
    """Runs a Stack or Cluster in the foreground until asked to stop, restarting parts that stop."""

    def __init__(self, running: Supervised, say: Callable[[str], None] = lambda line: print(line, flush=True)):
        self.running = running
        self.say = say
        self.stop_requested: Optional[str] = None
        self.states: Dict[str, PartState] = {}

    def _on_signal(self, number: int, _frame) -> None:
        # Only a flag: nothing raises inside start() or stop(), so a second signal cannot cut the cleanup short.
        if self.stop_requested is None:
            self.stop_requested = signal.Signals(number).name

    def install_signal_handlers(self) -> None:
        for number in STOP_SIGNALS:
            signal.signal(number, self._on_signal)

    def check(self, now: Optional[float] = None) -> None:
        """One round: note parts that stopped, restart those whose backoff has passed."""
        now = time.monotonic() if now is None else now
        for name, process in list(self.running.processes.items()):
            state = self.states.setdefault(name, PartState())
            if state.due is None and process.poll() is not None:
                quick = now - state.started < QUICK_FAILURE
                state.quick_failures = state.quick_failures + 1 if quick else 1
                state.due = now + state.delay()
                log = self.running.log_of(name)
                self.say(
                    f"{name} stopped (exit code {process.returncode}); restarting it in {state.delay():.0f} s"
                    + (f" (log: {log})" if log else "")
                )
                if state.quick_failures == KEEPS_FAILING:
                    self.say(
                        f"** {name} keeps failing: {KEEPS_FAILING} quick failures in a row. "
                        f"Look at its log{f' ({log})' if log else ''}. Still retrying every {MAX_DELAY:.0f} s."
                    )
            if state.due is not None and now >= state.due:
                state.due = None
                state.started = now
                try:
                    self.running.restart(name)
                    self.say(f"{name} restarted")
                except Exception as error:  # noqa: BLE001 - a failed restart is retried like a stop
                    self.say(f"{name} could not be restarted: {error}")

    def run(self, starting: str, ready: Callable[[], str], stopping: str) -> int:
        """Start, say how to reach it, supervise until a stop signal, then stop everything once."""
        self.install_signal_handlers()
        try:
            self.say(starting)
            try:
                self.running.start()
            except Exception as error:  # noqa: BLE001 - said plainly, then everything started is stopped
                self.say(f"could not start: {error}")
                return 1
            if self.stop_requested is None:
                self.say(ready())
            while self.stop_requested is None:
                self.check()
                time.sleep(0.5)
            self.say(f"\n{stopping} ({self.stop_requested})")
            return 0
        finally:
            for number in STOP_SIGNALS:  # more signals while stopping change nothing
                signal.signal(number, self._on_signal)
            self.running.stop()


def port_holders(ports: Dict[str, int]) -> List[str]:
    """For each port already listened on, a line naming the process that holds it and how to stop it."""
    listening = _listening_inodes()
    lines = []
    for label, port in ports.items():
        inodes = listening.get(port)
        if not inodes and _can_bind(port):
            continue
        holders = _processes_with(inodes or set())
        if holders:
            who = ", ".join(f"process {pid} ({command})" for pid, command in holders)
            stop = " ".join(str(pid) for pid, _ in holders)
            lines.append(f"port {port} ({label}) is taken by {who}. Stop it with: kill {stop}")
        else:
            lines.append(
                f"port {port} ({label}) is taken by a process this user cannot see "
                f"(try: sudo ss -ltnp 'sport = :{port}')"
            )
    return lines


def _can_bind(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _listening_inodes() -> Dict[int, set]:
    found: Dict[int, set] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A":  # LISTEN
                port = int(fields[1].rsplit(":", 1)[1], 16)
                found.setdefault(port, set()).add(fields[9])
    return found


def _processes_with(inodes: set) -> List[tuple]:
    holders = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            holders.append((int(proc.name), command[:80]))
    return holders


def exit_if_ports_taken(ports: Dict[str, int]) -> None:
    taken = port_holders(ports)
    if taken:
        print("Speak Up cannot start:", *taken, sep="\n  ", file=sys.stderr)
        sys.exit(1)
