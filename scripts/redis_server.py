"""A throwaway Redis server for the tests and `make cluster`: Debian's redis-server on a free loopback port, with
nothing saved to disk, stopped at the end (installed by `make system-deps` and `.ci/run`). With a password it runs
with deploy's ACL (scripts/redis_acl.py): only the `speakup` user, only `speakup:*` keys."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional
from urllib.parse import quote

import redis

from scripts.stack import free_port


class RedisServer:
    def __init__(self, password: Optional[str] = None) -> None:
        self.password = password
        self.folder: Optional[Path] = None
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed: run `make system-deps` (apt-get install redis-server).")
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        if self.password:
            from scripts.redis_acl import USER

            return f"redis://{USER}:{quote(self.password, safe='')}@127.0.0.1:{self.port}/0"
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        acl = []
        if self.password:
            from scripts.redis_acl import acl_file

            self.folder = Path(tempfile.mkdtemp(prefix="speakup-redis-"))
            (self.folder / "users.acl").write_text(acl_file(self.password))
            acl = ["--aclfile", str(self.folder / "users.acl")]
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                *acl,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/tmp",
            start_new_session=True,
        )  # a terminal's Ctrl+C reaches the owner, which stops it in order
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return self.url
            except redis.RedisError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
