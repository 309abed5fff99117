"""The real `make run` runner supervises its parts: a part that stops is restarted while the
gateway answers 503 with the crisis numbers, and no child outlives the runner, however it ends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot import db
from scripts.stack import ROOT, free_port
from scripts.supervise import KEEPS_FAILING, MAX_DELAY, PartState, Supervisor

pytestmark = pytest.mark.stack

CRISIS = ("999", "116 123")


@pytest.fixture(scope="module")
def run_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runner")
    url = f"sqlite:///{folder / 'topics.db'}"
    db.migrate(url)
    env = dict(
        os.environ,
        ACTIONS_PORT=str(free_port()),
        RASA_PORT=str(free_port()),
        GATEWAY_PORT=str(free_port()),
        RASA_WORKERS="1",
        SPEAKUP_LOG_DIR=str(folder / "logs"),
        DATABASE_URL=url,
        RATE_LIMIT_PER_SESSION="1000000",
        RATE_LIMIT_PER_ADDRESS="1000000",
    )
    return env


def children(pid: int) -> set:
    """Every descendant of a process, from /proc."""
    parents = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), set()).add(int(proc.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def runner_pid(make: subprocess.Popen) -> int:
    """The `python -m scripts.stack` process under `make run`."""
    for pid in children(make.pid):
        try:
            if b"scripts.stack" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            pass
    raise AssertionError("no scripts.stack process under make run")


def part_pid(runner: int, needle: bytes) -> int:
    for pid in children(runner):
        try:
            if needle in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            pass
    raise AssertionError(f"no {needle!r} process under the runner")


def ask(env, message="what is seclusion") -> httpx.Response:
    return httpx.post(f"http://127.0.0.1:{env['GATEWAY_PORT']}/api/chat", json={"message": message}, timeout=30)


def start(env) -> subprocess.Popen:
    """`make run` in its own session, as from a terminal; returns once an answer comes back."""
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    answered_within(env, 240, make)
    return make


def answered_within(env, seconds: float, make: subprocess.Popen) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        assert make.poll() is None, make.stdout.read().decode(errors="replace")
        try:
            if ask(env).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"no answer within {seconds} s")


def none_survive(pids: set, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    survivors = [p for p in pids if alive(p)]
    assert not survivors, f"still running: {survivors}"


def assert_crisis_503(response: httpx.Response) -> None:
    assert response.status_code == 503, response.status_code
    text = " ".join(reply["text"] for reply in response.json()["replies"])
    assert all(number in text for number in CRISIS)


def test_stopped_parts_are_restarted_and_sigkill_of_the_runner_leaves_no_child(run_env):
    make = start(run_env)
    runner = runner_pid(make)
    try:
        for needle in (b"actions.server", b"rasa\0run"):
            os.killpg(part_pid(runner, needle), signal.SIGKILL)
            time.sleep(0.3)
            assert_crisis_503(ask(run_env))
            # 30 s is the promise; Rasa reloads its model in about 13 s on a quiet machine, so a
            # busy one gets some margin before this counts as a failure.
            took = answered_within(run_env, 30 if needle == b"actions.server" else 45, make)
            print(f"{needle.decode().replace(chr(0), ' ')} back after {took:.1f} s")
        assert alive(runner)
        family = children(runner)
        os.kill(runner, signal.SIGKILL)
        none_survive(family)
    finally:
        os.killpg(make.pid, signal.SIGKILL) if alive(make.pid) else None
        make.wait(30)


def test_sighup_from_a_closed_terminal_leaves_no_child(run_env):
    make = start(run_env)  # also shows that `make run` starts again after the test above
    family = children(make.pid)
    os.killpg(make.pid, signal.SIGHUP)
    none_survive(family | {make.pid})
    make.wait(30)


def test_two_sigterms_do_not_cut_the_cleanup_short(run_env):
    make = start(run_env)
    runner = runner_pid(make)
    family = children(runner)
    os.kill(runner, signal.SIGTERM)
    time.sleep(0.2)
    os.kill(runner, signal.SIGTERM)
    none_survive(family | {runner})
    output = make.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output
    assert make.returncode == 0, output


def test_a_taken_port_is_named_with_its_process(run_env):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = dict(run_env, GATEWAY_PORT=str(port))
        done = subprocess.run(
            [sys.executable, "-m", "scripts.stack"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 1
    assert f"port {port} (gateway) is taken by process {os.getpid()}" in done.stderr, done.stderr
    assert f"kill {os.getpid()}" in done.stderr


class QuickExit:
    """A part that exits at once (a real process), for the supervisor's backoff."""

    def __init__(self) -> None:
        self.processes = {}
        self.restarts = 0
        self.restart("part")

    def restart(self, name: str) -> None:
        self.restarts += 1
        self.processes[name] = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
        self.processes[name].wait()

    def log_of(self, name: str):
        return Path("/var/log/example.log")

    def start(self):
        return self

    def stop(self):
        pass


def test_backoff_doubles_to_30_s_and_says_which_part_keeps_failing():
    said = []
    part = QuickExit()
    supervisor = Supervisor(part, say=said.append)
    supervisor.states["part"] = PartState(started=0.0)
    now, delays = 0.0, []
    for _ in range(7):
        supervisor.check(now)
        due = supervisor.states["part"].due
        delays.append(due - now)
        now = due
        supervisor.check(now)  # restarts it; it exits at once again
    assert delays == [1, 2, 4, 8, 16, MAX_DELAY, MAX_DELAY]
    assert part.restarts == 8
    warnings = [line for line in said if "keeps failing" in line]
    assert len(warnings) == 1 and f"{KEEPS_FAILING} quick failures" in warnings[0]
    assert "/var/log/example.log" in warnings[0]


def test_each_rasa_process_gets_its_share_of_the_cores_as_threads(monkeypatch):
    from scripts.stack import THREAD_SETTINGS, Ports, Stack

    for name in THREAD_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    cores = os.cpu_count() or 1
    two_workers = Stack(ports=Ports(more_rasa=(5006,)))._environment()
    in_a_cluster_of_four = Stack(rasa_on_machine=4)._environment()
    for name in THREAD_SETTINGS:
        assert two_workers[name] == str(max(1, cores // 2))
        assert in_a_cluster_of_four[name] == str(max(1, cores // 4))
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert Stack()._environment()["OMP_NUM_THREADS"] == "3", "a setting in the environment wins"
