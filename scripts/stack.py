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
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# For load tests and the test suite, which send far more messages than any person would.
NO_RATE_LIMITS = {
    "RATE_LIMIT_PER_SESSION": "1000000",
    "RATE_LIMIT_PER_ADDRESS": "1000000",
    "RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS": "1000000",
}


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
    """Start `running` (a Stack or a Cluster), say how to reach it, restart any part that stops,
    and stop all of it once on Ctrl+C, SIGTERM or SIGHUP (scripts/supervise.py)."""
    from scripts.supervise import Supervisor

    return Supervisor(running).run(starting, ready, stopping)


# Rasa reads the first two (rasa/utils/tensorflow/environment.py); numpy's BLAS the others.
THREAD_SETTINGS = (
    "TF_INTER_OP_PARALLELISM_THREADS",
    "TF_INTRA_OP_PARALLELISM_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
)


@dataclass
class Ports:
    actions: int = 5055
    rasa: int = 5005  # the first Rasa worker: Rasa REST for tools stays here
    gateway: int = 8000
    more_rasa: Tuple[int, ...] = ()  # the other Rasa workers, if any

    @classmethod
    def free(cls, rasa_workers: int = 1) -> "Ports":
        return cls(
            actions=free_port(),
            rasa=free_port(),
            gateway=free_port(),
            more_rasa=tuple(free_port() for _ in range(rasa_workers - 1)),
        )

    @property
    def rasa_workers(self) -> List[int]:
        return [self.rasa, *self.more_rasa]


@dataclass
class Stack:
    """The three processes, started in order and each waited for until it answers."""

    ports: Ports = field(default_factory=Ports)
    env: Dict[str, str] = field(default_factory=dict)
    log_dir: Optional[Path] = None
    host: str = "127.0.0.1"
    # Under `make run` and `make cluster`: children die with the runner (start them from the main thread).
    supervised: bool = False
    # How many Rasa processes share this machine: this stack's own workers, unless more stacks run
    # beside it (`make cluster`). Each gets its share of the cores as threads (_environment).
    rasa_on_machine: int = 0
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: Dict[str, List[str]] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.ports.gateway}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.ports.rasa}"

    @property
    def rasa_urls(self) -> List[str]:
        """Every Rasa worker, the first one first."""
        return [f"http://{self.host}:{port}" for port in self.ports.rasa_workers]

    @staticmethod
    def rasa_name(worker: int) -> str:
        """The process name of a Rasa worker: "rasa" for the first (as before), "rasa-2" and on."""
        return "rasa" if worker == 0 else f"rasa-{worker + 1}"

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

    def _cors(self) -> List[str]:
        """`--cors` with CORS_ORIGINS: the other sites whose pages may use Rasa's REST and socket.io
        channels (addons/socketio_channel.py checks the same list). None: no CORS headers."""
        from bot.settings import origin_list

        origins = origin_list(self._setting("CORS_ORIGINS"))
        return ["--cors", *origins] if origins else []

    def _environment(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(
            RASA_URL=",".join(self.rasa_urls),
            ACTIONS_URL=self.actions_url,
            TF_CPP_MIN_LOG_LEVEL="2",
            RASA_TELEMETRY_ENABLED="false",  # no usage reports to a third party
            PYTHONPATH=str(ROOT),
        )
        # One Rasa worker per core handles one message at a time: TensorFlow's and numpy's own thread
        # pools (a thread per core each, by default) only make the workers fight over the cores.
        # With them at one thread each, the stack used 39 ms of CPU per message instead of 58 ms
        # (scripts/profile_stack.py, 2 workers, 10 users, 2026-12-01). Settings in the environment win.
        sharing = self.rasa_on_machine or len(self.ports.rasa_workers)
        threads = str(max(1, (os.cpu_count() or 1) // sharing))
        for name in THREAD_SETTINGS:
            env.setdefault(name, threads)
        env.update(self.env)
        if self._setting("SCALE") == "redis":
            redis = urlsplit(self._setting("REDIS_URL", "redis://localhost:6379/0"))
            env.update(
                ACTION_SERVER_URL=f"{self.actions_url}/webhook",
                REDIS_HOST=redis.hostname or "localhost",
                REDIS_PORT=str(redis.port or 6379),
                REDIS_DB=(redis.path or "/0").strip("/") or "0",
                REDIS_USERNAME=unquote(redis.username or ""),
                REDIS_PASSWORD=unquote(redis.password or ""),
                REDIS_USE_SSL="true" if redis.scheme == "rediss" else "false",
            )
        return env

    def log_of(self, name: str) -> Optional[Path]:
        return self.log_dir / f"{name}.log" if self.log_dir is not None else None

    def _spawn(self, name: str, command: List[str]) -> None:
        from scripts.supervise import die_with_parent

        self.commands[name] = command
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "ab")
        # Own process group, so a terminal's Ctrl+C reaches us and we stop each child cleanly.
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self._environment(),
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
            preexec_fn=die_with_parent if self.supervised else None,
        )
        if output is not None:
            output.close()  # the child has its own copy

    def _wait(self, name: str, url: str, timeout: float) -> None:
        wait_until_answers(name, self.processes[name], url, timeout)

    def start_actions(self) -> None:
        self._spawn(
            "actions",
            [str(BIN / "python"), "-m", "actions.server", "--host", self.host, "--port", str(self.ports.actions)],
        )
        self._wait("actions", f"{self.actions_url}/health", 120)

    def spawn_rasa(self, model: str = "models") -> None:
        """Every Rasa worker, loading the model at the same time."""
        for worker, port in enumerate(self.ports.rasa_workers):
            self._spawn(
                self.rasa_name(worker),
                [
                    str(BIN / "rasa"),
                    "run",
                    "--model",
                    model,
                    "--port",
                    str(port),
                    "--interface",
                    self.host,
                    "--endpoints",
                    str(self._endpoints()),
                    "--credentials",
                    "credentials.yml",
                    *self._cors(),
                ],
            )

    def wait_rasa(self) -> None:
        for worker, url in enumerate(self.rasa_urls):
            self._wait(self.rasa_name(worker), f"{url}/", 300)

    def start_rasa(self, model: str = "models") -> None:
        self.spawn_rasa(model)
        self.wait_rasa()

    def start_gateway(self) -> None:
        self._spawn(
            "gateway",
            [
                str(BIN / "python"),
                "-m",
                "uvicorn",
                "bot.app:app",
                "--host",
                self.host,
                "--port",
                str(self.ports.gateway),
                "--no-access-log",
                "--ws",
                "none",
            ],
        )
        self._wait("gateway", f"{self.gateway_url}/healthz", 60)

    def migrate(self) -> None:
        """The prestart step: the topic log's schema, once, before any part starts (bot/migrate.py)."""
        subprocess.run(
            [str(BIN / "python"), "-m", "bot.migrate"],
            cwd=ROOT,
            env=self._environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> "Stack":
        try:
            self.migrate()
            self.start_actions()
            self.start_rasa()
            self.start_gateway()
        except BaseException:
            self.stop()
            raise
        return self

    def restart(self, name: str) -> None:
        """Start a stopped part again with the command it was started with (not waited for: the
        gateway answers 503 with the crisis numbers until it is back)."""
        self._spawn(name, self.commands[name])

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
        for name in ["gateway", *(self.rasa_name(w) for w in range(len(self.ports.rasa_workers))), "actions"]:
            self.stop_one(name)


def main() -> int:
    """`make run`: the action server on ACTIONS_PORT (5055), RASA_WORKERS Rasa workers (one per
    core) from RASA_PORT (5005, 5006, ...), the gateway on GATEWAY_PORT (8000); logs in
    SPEAKUP_LOG_DIR (var/log); each part restarted if it stops."""
    from scripts.supervise import exit_if_ports_taken

    workers = max(1, int(os.environ.get("RASA_WORKERS") or os.cpu_count() or 1))
    first_rasa = int(os.environ.get("RASA_PORT", 5005))
    ports = Ports(
        actions=int(os.environ.get("ACTIONS_PORT", 5055)),
        rasa=first_rasa,
        gateway=int(os.environ.get("GATEWAY_PORT", 8000)),
        more_rasa=tuple(first_rasa + worker for worker in range(1, workers)),
    )
    exit_if_ports_taken(
        {
            "action server": ports.actions,
            "gateway": ports.gateway,
            **{f"Rasa worker {w + 1}": port for w, port in enumerate(ports.rasa_workers)},
        }
    )
    log_dir = Path(os.environ.get("SPEAKUP_LOG_DIR") or ROOT / "var" / "log")
    stack = Stack(ports=ports, log_dir=log_dir, supervised=True)
    return run_in_foreground(
        stack,
        f"== starting the action server, {workers} Rasa worker{'s' if workers > 1 else ''} (loading the "
        f"model takes a little while) and the gateway; logs in {log_dir}/",
        lambda: f"\nSpeak Up is running. Open {stack.gateway_url}/ in a browser. Press Ctrl+C to stop.\n",
        "stopping Speak Up",
    )


if __name__ == "__main__":
    sys.exit(main())
