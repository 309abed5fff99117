"""A throwaway PostgreSQL server for the tests and `make cluster`: initdb in a temporary folder, on a free loopback
port, stopped at the end. Uses Debian's postgresql package (installed by `make system-deps`)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Optional

from scripts.stack import free_port


def server_bin() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    def __init__(self, folder: Path, database: str = "speakup_test"):
        self.bin = server_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed: run `make system-deps` " "(apt-get install postgresql).")
        self.folder = folder
        self.database = database
        self.data = folder / "data"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:  # initdb refuses to run as root: use the postgres system user
            self.user = "postgres"
            shutil.chown(folder, user="postgres")

    def _run(self, command: List[str]) -> None:
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd="/tmp")

    def start(self) -> str:
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "speakup", "-E", "UTF8"])
        self.resume()
        self._run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "speakup", self.database])
        return f"postgresql+psycopg2://speakup@127.0.0.1:{self.port}/{self.database}"

    def resume(self) -> None:
        """Start the server on its existing data (after `start`, then `stop`)."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "start",
            ]
        )

    def stop(self) -> None:
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
