"""docker-compose.prod.yml and docker-stack.yml describe the same production stack:
the same services, images, secrets and settings, each in its own orchestrator's terms.
tests/lint runs it on the working tree: the image holds neither file. (ruamel.yaml comes
with check-jsonschema, a dev package.)"""

import pytest
from ruamel.yaml import YAML

from tests.conftest import PROJECT_DIR

COMPOSE = YAML(typ="safe").load((PROJECT_DIR / "docker-compose.prod.yml").read_text())
STACK = YAML(typ="safe").load((PROJECT_DIR / "docker-stack.yml").read_text())
SERVICES = ["migrate", "web", "worker", "proxy", "db"]

# Said differently in each file, and compared below, or only meaningful in one of them.
DIFFERENT_TERMS = {"build", "image", "restart", "security_opt", "depends_on", "tmpfs", "volumes", "ports"}
COMPARED_BELOW = {"environment", "secrets", "configs", "deploy"}


def secret_names(service):
    return sorted(entry if isinstance(entry, str) else entry["source"] for entry in service.get("secrets", []))


def project_files(service):
    """The project's own files in the container, and where: bind mounts, or configs."""
    volumes = [volume for volume in service.get("volumes", []) if isinstance(volume, str)]
    binds = [tuple(volume.split(":")[:2]) for volume in volumes if volume.startswith("./docker/")]
    configs = [(STACK["configs"][entry["source"]]["file"], entry["target"]) for entry in service.get("configs", [])]
    return sorted(binds + configs)


def named_volumes(service):
    return sorted(volume for volume in service.get("volumes", []) if isinstance(volume, str) and volume[0] != ".")


def tmpfs_sizes(service):
    """Each tmpfs mount and its size in bytes: compose's "/tmp:size=64m", or a Swarm mount."""
    sizes = {}
    for entry in service.get("tmpfs", []):
        target, size = entry.split(":size=")
        sizes[target] = int(size.removesuffix("m")) * 1024 * 1024
    for mount in service.get("volumes", []):
        if isinstance(mount, dict) and mount["type"] == "tmpfs":
            sizes[mount["target"]] = mount["tmpfs"]["size"]
    return sizes


def test_both_files_name_the_same_services():
    assert sorted(COMPOSE["services"]) == sorted(STACK["services"]) == sorted(SERVICES)


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_the_same_settings(name):
    compose, stack = COMPOSE["services"][name], STACK["services"][name]
    # Web's health check gives up sooner on Swarm, where an unhealthy task rolls an update back.
    ignored = DIFFERENT_TERMS | COMPARED_BELOW | ({"healthcheck"} if name == "web" else set())

    for key in (set(compose) | set(stack)) - ignored:
        assert compose.get(key) == stack.get(key), key
    assert compose["deploy"]["resources"] == stack["deploy"]["resources"]
    assert secret_names(compose) == secret_names(stack)
    assert project_files(compose) == project_files(stack)
    assert named_volumes(compose) == named_volumes(stack)
    assert tmpfs_sizes(compose) == tmpfs_sizes(stack)


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_the_same_environment(name):
    compose, stack = COMPOSE["services"][name]["environment"], STACK["services"][name]["environment"]

    assert compose.keys() == stack.keys()
    for key, value in compose.items():
        if value is None:  # passed on from the environment when set there
            assert stack[key].startswith(f"${{{key}:-"), key
        else:
            assert stack[key] == value, key


def test_web_worker_and_migrate_run_one_image_and_the_others_the_same_images():
    assert (
        STACK["services"]["web"]["image"]
        == STACK["services"]["worker"]["image"]
        == STACK["services"]["migrate"]["image"]
    )
    assert COMPOSE["services"]["web"]["build"] == COMPOSE["services"]["worker"]["build"] == "."
    assert COMPOSE["services"]["migrate"]["build"] == "."
    for name in ("proxy", "db"):
        assert COMPOSE["services"][name]["image"] == STACK["services"][name]["image"]


def test_both_files_name_the_same_secrets():
    assert sorted(COMPOSE["secrets"]) == sorted(STACK["secrets"])


def test_migrations_run_once_per_deploy_before_web_serves():
    assert STACK["services"]["migrate"]["deploy"]["mode"] == "replicated-job"
    assert COMPOSE["services"]["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_web_updates_start_first_and_rolls_back_and_the_stateful_stop_first():
    web = STACK["services"]["web"]["deploy"]["update_config"]
    assert (web["order"], web["failure_action"]) == ("start-first", "rollback")
    for name in ("db", "proxy"):
        assert STACK["services"][name]["deploy"]["update_config"]["order"] == "stop-first"
