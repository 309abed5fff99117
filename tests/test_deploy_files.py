"""deploy/ (not run here: no container engine) stays consistent with what `make cluster` runs:
the same scaled endpoints file, every variable it needs, two of each process, real settings."""

from __future__ import annotations

import re

import yaml

from bot.settings import ROOT, Settings

DEPLOY = ROOT / "deploy"
NEEDED = set(re.findall(r"\$\{(\w+)\}", (ROOT / "endpoints.scale.yml").read_text()))
KNOWN = (
    {field.field_info.extra.get("env") for field in Settings.__fields__.values()}
    | NEEDED
    | {"SCALE", "RASA_TELEMETRY_ENABLED", "HOME", "FORWARDED_ALLOW_IPS"}
)


def test_the_scaled_endpoints_need_these_variables():
    assert NEEDED == {
        "ACTION_SERVER_URL",
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_DB",
        "REDIS_USERNAME",
        "REDIS_PASSWORD",
        "REDIS_USE_SSL",
    }


def test_compose_runs_two_of_each_with_what_rasa_needs():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    for name in ("actions", "rasa", "gateway"):
        assert compose[name]["deploy"]["replicas"] == 2
    assert "endpoints.scale.yml" in compose["rasa"]["command"]
    secrets = {entry["target"] for entry in compose["rasa"]["secrets"]}
    assert NEEDED <= set(compose["rasa"]["environment"]) | secrets
    for service in compose.values():
        assert set(service.get("environment") or {}) <= KNOWN | {
            "POSTGRES_USER",
            "POSTGRES_DB",
            "POSTGRES_PASSWORD_FILE",
        }
    assert compose["redis"]["command"][-4:] == ["--save", "", "--appendonly", "no"]


def test_kubernetes_runs_two_of_each_with_what_rasa_needs():
    documents = list(yaml.safe_load_all((DEPLOY / "kubernetes" / "speakup.yaml").read_text()))
    config = next(d for d in documents if d["kind"] == "ConfigMap")["data"]
    rasa_env = {
        e["name"]
        for d in documents
        if d["kind"] == "Deployment" and d["metadata"]["name"] == "speakup-rasa"
        for e in d["spec"]["template"]["spec"]["containers"][0].get("env", [])
    }
    assert NEEDED <= set(config) | rasa_env and set(config) <= KNOWN
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    for name in ("speakup-actions", "speakup-rasa", "speakup-gateway"):
        assert deployments[name]["spec"]["replicas"] == 2
    rasa = deployments["speakup-rasa"]["spec"]["template"]["spec"]["containers"][0]["command"]
    assert "endpoints.scale.yml" in rasa


def test_the_image_runs_each_process_with_one_thread_each_for_tensorflow_and_numpy():
    from scripts.stack import THREAD_SETTINGS

    dockerfile = (DEPLOY / "Dockerfile").read_text()
    after_training = dockerfile.split("RUN make train", 1)[1]
    for name in THREAD_SETTINGS:
        assert re.search(rf"^ENV .*\b{name}=1\b", after_training, re.M), f"{name}=1, set after training"
