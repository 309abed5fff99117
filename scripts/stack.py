"""Starts and stops the whole Speak Up chain: action server, Rasa and the gateway.

`make run` uses it in the foreground (one Ctrl+C stops all three, leaving no orphans); the tests
use the same class to start one shared stack on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional
from urllib.parse import unquote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# For load tests and the test suite, which send far more messages than any person would.
NO_RATE_LIMITS = {"RATE_LIMIT_PER_SESSION": "1000000", "RATE_LIMIT_PER_ADDRESS": "1000000",
                  "RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS": "1000000"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answers(name: str, process: subprocess.Popen, url: str, timeout: float) -> None:
    """Wait until `url` answers 200; fail early if the process that should answer it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} while starting")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} did not answer at {url} within {timeout:.0f} s")


def run_in_foreground(running, starting: str, ready: Callable[[], str], stopping: str) -> int:
    """Start `running` (a Stack or a Cluster), say how to reach it, and keep it up until Ctrl+C or
    SIGTERM (exit 0) or until one of its processes stops (exit 1); then stop all of it."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        print(starting)
        running.start()
        print(ready(), flush=True)
        while all(process.poll() is None for process in running.processes.values()):
            time.sleep(1)
        print("a process stopped; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{stopping}")
        return 0
    finally:
        running.stop()


@dataclass
class Ports:
    actions: int = 5055
    rasa: int = 5005
    gateway: int = 8000

    @classmethod
    def free(cls) -> "Ports":
        return cls(actions=free_port(), rasa=free_port(), gateway=free_port())


@dataclass
class Stack:
    """The three processes, started in order and each waited for until it answers."""

    ports: Ports = field(default_factory=Ports)
    env: Dict[str, str] = field(default_factory=dict)
    log_dir: Optional[Path] = None
    host: str = "127.0.0.1"
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.ports.gateway}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.ports.rasa}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.ports.actions}"

    def _setting(self, name: str, default: str = "") -> str:
        return self.env.get(name, os.environ.get(name, default))

    def _endpoints(self) -> Path:
        if self._setting("SCALE") == "redis":
            return ROOT / "endpoints.scale.yml"  # its ${...} values come from _environment()
        if self.ports.actions == 5055:
            return ROOT / "endpoints.yml"
        path = ROOT / "var" / "run" / f"endpoints-{self.ports.actions}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
        path.write_text(text.replace("http://localhost:5055/webhook", f"{self.actions_url}/webhook"), encoding="utf-8")
        return path

    def _environment(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(
            RASA_URL=self.rasa_url,
            ACTIONS_URL=self.actions_url,
            TF_CPP_MIN_LOG_LEVEL="2",
            RASA_TELEMETRY_ENABLED="false",  # no usage reports to a third party
            PYTHONPATH=str(ROOT),
        )
        env.update(self.env)
        if self._setting("SCALE") == "redis":
            redis = urlsplit(self._setting("REDIS_URL", "redis://localhost:6379/0"))
            env.update(ACTION_SERVER_URL=f"{self.actions_url}/webhook", REDIS_HOST=redis.hostname or "localhost",
                       REDIS_PORT=str(redis.port or 6379), REDIS_DB=(redis.path or "/0").strip("/") or "0",
                       REDIS_USERNAME=unquote(redis.username or ""), REDIS_PASSWORD=unquote(redis.password or ""),
                       REDIS_USE_SSL="true" if redis.scheme == "rediss" else "false")
        return env

    def _spawn(self, name: str, command: List[str]) -> None:
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "ab")
        # Own process group, so a terminal's Ctrl+C reaches us and we stop each child cleanly.
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self._environment(), stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )

    def _wait(self, name: str, url: str, timeout: float) -> None:
        wait_until_answers(name, self.processes[name], url, timeout)

    def start_actions(self) -> None:
        self._spawn("actions", [str(BIN / "python"), "-m", "actions.server", "--host", self.host,
                                "--port", str(self.ports.actions)])
        self._wait("actions", f"{self.actions_url}/health", 120)

    def start_rasa(self, model: str = "models") -> None:
        self._spawn("rasa", [str(BIN / "rasa"), "run", "--model", model, "--port", str(self.ports.rasa),
                             "--interface", self.host, "--endpoints", str(self._endpoints()),
                             "--credentials", "credentials.yml"])
        self._wait("rasa", f"{self.rasa_url}/", 300)

    def start_gateway(self) -> None:
        self._spawn("gateway", [str(BIN / "python"), "-m", "uvicorn", "bot.app:app", "--host", self.host,
                                "--port", str(self.ports.gateway), "--no-access-log", "--ws", "none"])
        self._wait("gateway", f"{self.gateway_url}/healthz", 60)

    def start(self) -> "Stack":
        try:
            self.start_actions()
            self.start_rasa()
            self.start_gateway()
        except BaseException:
            self.stop()
            raise
        return self

    def kill(self, name: str) -> None:
        """SIGKILL one process (for fault tests): no chance to shut down cleanly."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_one(self, name: str, timeout: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for name in ("gateway", "rasa", "actions"):
            self.stop_one(name)


def main() -> int:
    stack = Stack()
    return run_in_foreground(
        stack, "== starting the action server, Rasa (loading the model takes a little while) and the gateway",
        lambda: f"\nSpeak Up is running. Open {stack.gateway_url}/ in a browser. Press Ctrl+C to stop.\n",
        "stopping Speak Up")


if __name__ == "__main__":
    sys.exit(main())
