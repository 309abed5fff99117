"""`make cluster`: the scaled-out Speak Up on one machine, on loopback: Redis, PostgreSQL,
2 action servers, 2 Rasa instances sharing conversations in Redis (SCALE=redis), 2 gateways that
each spread messages over both Rasa instances, and nginx in front, taking turns between the
gateways. Ctrl+C stops everything. The tests and `python -m scripts.bench --cluster` use it too."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from scripts.postgres_server import PostgresServer
from scripts.redis_server import RedisServer
from scripts.stack import NO_RATE_LIMITS, ROOT, Ports, Stack, free_port, run_in_foreground, wait_until_answers

# The rules for each request are the deployment's own (deploy/nginx-proxy.conf); only where it
# listens, its gateways and its folders differ here.
PROXY_RULES = ROOT / "deploy" / "nginx-proxy.conf"
NGINX_CONFIG = """worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  server_tokens off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  upstream gateways {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      include {proxy_rules};
    }}
  }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is not installed: run `make system-deps` (apt-get install nginx-light).")
    return found


@dataclass
class Cluster:
    """Two of each Speak Up process, sharing Redis and PostgreSQL, behind nginx."""

    size: int = 2
    rate_limits: Dict[str, str] = field(default_factory=lambda: dict(NO_RATE_LIMITS))
    log_dir: Optional[Path] = None
    front_port: int = 0
    stacks: List[Stack] = field(default_factory=list)
    # Under `make cluster`: children die with the runner.
    supervised: bool = False
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="speakup-cluster-")))

    def __post_init__(self) -> None:
        self.redis = RedisServer()
        self.postgres: Optional[PostgresServer] = None
        self.pg_folder: Optional[Path] = None
        self.nginx: Optional[subprocess.Popen] = None
        self.front_port = self.front_port or free_port()
        self.database_url = ""
        self.session_secret = secrets.token_hex(32)  # every gateway signs and checks ids with it

    @property
    def gateway_url(self) -> str:
        """The front (nginx)."""
        return f"http://127.0.0.1:{self.front_port}"

    @property
    def rasa_url(self) -> str:
        return self.stacks[0].rasa_url

    @property
    def processes(self) -> Dict[str, subprocess.Popen]:
        every = {
            f"{name}-{index + 1}": process
            for index, stack in enumerate(self.stacks)
            for name, process in stack.processes.items()
        }
        if self.nginx is not None:
            every["nginx"] = self.nginx
        if self.redis.process is not None:
            every["redis"] = self.redis.process
        return every

    def _start_nginx(self) -> None:
        servers = "\n".join(
            f"    server 127.0.0.1:{stack.ports.gateway} max_fails=1 fail_timeout=5s;" for stack in self.stacks
        )
        config = self.folder / "nginx.conf"
        config.write_text(
            NGINX_CONFIG.format(folder=self.folder, servers=servers, port=self.front_port, proxy_rules=PROXY_RULES)
        )
        from scripts.supervise import die_with_parent

        self.nginx = subprocess.Popen(
            [nginx_binary(), "-c", str(config), "-p", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent if self.supervised else None,
        )
        wait_until_answers("nginx", self.nginx, f"{self.gateway_url}/healthz", 20)

    def start(self) -> "Cluster":
        try:
            redis_url = self.redis.start()
            self.folder.chmod(0o755)  # nginx's worker user reads its temporary folders here
            self.pg_folder = Path(tempfile.mkdtemp(prefix="speakup-cluster-pg-"))
            self.postgres = PostgresServer(self.pg_folder, database="speakup")
            self.database_url = self.postgres.start()
            from bot import db

            db.migrate(self.database_url)
            db.engine(self.database_url).dispose()
            ports = [Ports.free() for _ in range(self.size)]
            rasa_urls = ",".join(f"http://127.0.0.1:{p.rasa}" for p in ports)
            for index, port in enumerate(ports):
                env = {
                    "SCALE": "redis",
                    "REDIS_URL": redis_url,
                    "DATABASE_URL": self.database_url,
                    "RASA_URL": rasa_urls,
                    "SESSION_SECRET": self.session_secret,
                    **self.rate_limits,
                }
                log_dir = self.log_dir / f"node-{index + 1}" if self.log_dir else None
                self.stacks.append(
                    Stack(ports=port, env=env, log_dir=log_dir, supervised=self.supervised, rasa_on_machine=self.size)
                )
            for stack in self.stacks:
                stack.start_actions()
            # The Rasa instances load their models at the same time; a failure to start is raised here.
            # They are started from this thread (see scripts/supervise.py: die_with_parent), then waited for.
            for stack in self.stacks:
                stack.spawn_rasa()
            with ThreadPoolExecutor(len(self.stacks)) as pool:
                for started in [pool.submit(stack.wait_rasa) for stack in self.stacks]:
                    started.result()
            for stack in self.stacks:
                stack.start_gateway()
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def log_of(self, name: str) -> Optional[Path]:
        part, _, index = name.rpartition("-")
        if part and index.isdigit() and self.log_dir is not None:
            return self.stacks[int(index) - 1].log_of(part)
        return self.folder / "error.log" if name == "nginx" else None

    def restart(self, name: str) -> None:
        """Start a stopped part again: a node's process, nginx or Redis."""
        part, _, index = name.rpartition("-")
        if part and index.isdigit():
            self.stacks[int(index) - 1].restart(part)
        elif name == "nginx":
            self._start_nginx()
        elif name == "redis":
            self.redis.start()
        else:
            raise ValueError(f"no part named {name}")

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(10)
        for stack in self.stacks:
            stack.stop()
        if self.postgres is not None:
            try:
                self.postgres.stop()
            except subprocess.CalledProcessError:
                pass
        self.redis.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.pg_folder is not None:
            shutil.rmtree(self.pg_folder, ignore_errors=True)


def main() -> int:
    from scripts.supervise import exit_if_ports_taken

    exit_if_ports_taken({"the cluster's front (nginx)": 8080})
    cluster = Cluster(log_dir=ROOT / "var" / "cluster-logs", front_port=8080, rate_limits={}, supervised=True)

    def ready() -> str:
        lines = [f"\nSpeak Up (cluster) is running. Open {cluster.gateway_url}/ in a browser. Press Ctrl+C to stop."]
        lines += [
            f"  node {index}: gateway {stack.gateway_url}, Rasa {stack.rasa_url}, actions {stack.actions_url}"
            for index, stack in enumerate(cluster.stacks, 1)
        ]
        return "\n".join(lines + [f"  Redis {cluster.redis.url}, PostgreSQL {cluster.database_url}\n"])

    return run_in_foreground(
        cluster,
        "== starting Redis, PostgreSQL, 2 action servers, 2 Rasa instances, 2 gateways and nginx",
        ready,
        "stopping the cluster",
    )


if __name__ == "__main__":
    sys.exit(main())
