"""deploy/ (not run here: no container engine) keeps its security promises: secrets only as
compose secrets, Redis with an ACL, a memory cap and no persistence, a NetworkPolicy admitting
only Rasa and the gateway to Redis, the proxy's exact address trusted, TLS with HSTS and a
redirect, non-root read-only containers, and a .dockerignore. The ACL itself is checked against
a real Redis server."""

from __future__ import annotations

import ipaddress
import os
import re
import subprocess
import sys

import pytest
import redis
import yaml

from bot.settings import ROOT
from scripts import redis_acl
from scripts.redis_server import RedisServer
from scripts.run_with_secrets import secrets_from

DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
KUBERNETES = list(yaml.safe_load_all((DEPLOY / "kubernetes" / "speakup.yaml").read_text()))
SPEAKUP = ("migrate", "actions", "rasa", "gateway")
SECRET_NAMES = re.compile(r"PASSWORD$|SECRET|DATABASE_URL|REDIS_URL")


def deployments():
    return {d["metadata"]["name"]: d["spec"]["template"]["spec"] for d in KUBERNETES if d["kind"] == "Deployment"}


def test_compose_keeps_secrets_out_of_the_environment():
    services = COMPOSE["services"]
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            assert not SECRET_NAMES.search(key), f"{name}: {key} belongs in secrets:"
            assert "@" not in str(value), f"{name}: {key} holds credentials"
    targets = {entry["target"] for entry in services["gateway"]["secrets"]}
    assert {"DATABASE_URL", "REDIS_URL", "SESSION_SECRET"} <= targets
    assert {"REDIS_PASSWORD"} <= {entry["target"] for entry in services["rasa"]["secrets"]}
    for name in SPEAKUP:
        assert services[name]["command"][:3] == ["python", "-m", "scripts.run_with_secrets"], name
    assert all(secret["file"].startswith("./secrets/") for secret in COMPOSE["secrets"].values())
    assert "deploy/secrets/" in (ROOT / ".gitignore").read_text()


def test_compose_trusts_exactly_the_front_and_publishes_only_it():
    services = COMPOSE["services"]
    front = services["front"]["networks"]["speakup"]["ipv4_address"]
    command = services["gateway"]["command"]
    assert command[command.index("--forwarded-allow-ips") + 1] == front
    subnet = ipaddress.ip_network(COMPOSE["networks"]["speakup"]["ipam"]["config"][0]["subnet"])
    assert ipaddress.ip_address(front) in subnet
    assert [name for name, service in services.items() if service.get("ports")] == ["front"]


def test_containers_run_as_non_root_with_a_read_only_root():
    for name in SPEAKUP:
        service = COMPOSE["services"][name]
        assert service["read_only"] is True and service["user"] == "10001:10001" and service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"] and "/tmp" in service["tmpfs"]
    for name, pod in deployments().items():
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert not container.get("ports") or all("hostPort" not in p for p in container["ports"])
        assert not pod.get("hostNetwork")


def test_kubernetes_trusts_a_named_proxy_range_never_everyone():
    config = next(d for d in KUBERNETES if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "speakup")["data"]
    for entry in config["FORWARDED_ALLOW_IPS"].split(","):
        ipaddress.ip_network(entry.strip())  # an address or a range, never "*"
    command = deployments()["speakup-gateway"]["containers"][0]["command"]
    assert command[command.index("--forwarded-allow-ips") + 1] == "$(FORWARDED_ALLOW_IPS)"
    assert "*" not in " ".join(command)


def test_redis_has_a_memory_cap_no_persistence_and_only_rasa_and_the_gateway_reach_it():
    conf = (DEPLOY / "redis.conf").read_text()
    k8s_conf = next(d for d in KUBERNETES if d["metadata"]["name"] == "speakup-redis" and d["kind"] == "ConfigMap")
    for text in (conf, k8s_conf["data"]["redis.conf"]):
        assert 'save ""' in text and "appendonly no" in text and re.search(r"^maxmemory \d+mb$", text, re.M)
    assert "--aclfile" in COMPOSE["services"]["redis"]["command"]
    policy = next(d for d in KUBERNETES if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "speakup-redis")
    admitted = [
        peer["podSelector"]["matchLabels"]["app"] for rule in policy["spec"]["ingress"] for peer in rule["from"]
    ]
    assert sorted(admitted) == ["speakup-gateway", "speakup-rasa"]
    for name in ("speakup-rasa", "speakup-actions", "speakup-gateway"):
        assert any(d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == name for d in KUBERNETES), name
    scale = yaml.safe_load((ROOT / "endpoints.scale.yml").read_text())
    for store in ("tracker_store", "lock_store"):
        assert scale[store]["password"] == "${REDIS_PASSWORD}" and scale[store]["use_ssl"] == "${REDIS_USE_SSL}"


def test_nginx_serves_tls_with_hsts_and_redirects_http():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert re.search(r"listen 443 ssl", conf) and "ssl_certificate " in conf and "ssl_certificate_key " in conf
    assert re.search(r"add_header Strict-Transport-Security \"max-age=\d+", conf)
    assert "return 301 https://$host$request_uri;" in conf
    assert "include /etc/nginx/speakup-proxy.conf;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in (DEPLOY / "nginx-proxy.conf").read_text()
    assert "./nginx-proxy.conf:/etc/nginx/speakup-proxy.conf:ro" in (DEPLOY / "compose.yaml").read_text()
    ingress = next(d for d in KUBERNETES if d["kind"] == "Ingress")
    assert ingress["spec"]["tls"][0]["secretName"]


def test_the_image_leaves_out_local_data_history_and_venvs():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in ("var/", ".git", ".venv*", "models/", "deploy/secrets/"):
        assert entry in ignored


def test_secret_files_become_environment_variables(tmp_path):
    (tmp_path / "SESSION_SECRET").write_text("abc123\n")
    (tmp_path / "lower_case").write_text("ignored")
    env = secrets_from(tmp_path, {"PATH": "/usr/bin", "DATABASE_URL": "kept"})
    (tmp_path / "DATABASE_URL").write_text("not used")
    env = secrets_from(tmp_path, {"PATH": "/usr/bin", "DATABASE_URL": "kept"})
    assert env["SESSION_SECRET"] == "abc123" and env["DATABASE_URL"] == "kept" and "lower_case" not in env
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.run_with_secrets",
            sys.executable,
            "-c",
            "import os; print(os.environ['SESSION_SECRET'])",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "SECRETS_DIR": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.strip() == "abc123"


def test_the_redis_acl_admits_only_speakup_keys_on_a_real_server():
    password = "a-long-redis-password-1234"
    assert hashlib_free(redis_acl.acl_file(password), password)
    server = RedisServer(password=password)
    url = server.start()
    try:
        client = redis.Redis.from_url(url)
        client.set("speakup:tracker:x", "1", ex=10)
        assert client.get("speakup:tracker:x") == b"1"
        with pytest.raises(redis.exceptions.NoPermissionError):
            client.set("other:key", "1")
        for dangerous in (lambda: client.keys("*"), lambda: client.flushall(), lambda: client.config_get("save")):
            with pytest.raises(redis.exceptions.NoPermissionError):
                dangerous()
        with pytest.raises(redis.exceptions.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=server.port).ping()  # the default user is off
        with pytest.raises(redis.exceptions.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=server.port, username="speakup", password="wrong").ping()
    finally:
        server.stop()


def hashlib_free(acl: str, password: str) -> bool:
    """The ACL file holds the password only as a hash."""
    return password not in acl and "user default off" in acl
