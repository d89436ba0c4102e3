"""Gunicorn settings for the production image: https://gunicorn.org/reference/settings/"""

import os

from config.startup import load_settings_or_exit


def container_cpu_count():
    """CPUs this container may use: its cgroup CPU limit if it has one, else the CPUs it may run on."""
    available = len(os.sched_getaffinity(0))
    try:  # cgroup v2: "max 100000" or "<quota> <period>"
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()
    except OSError:
        try:  # cgroup v1: the quota is -1 when there is no limit
            with open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") as q, open("/sys/fs/cgroup/cpu/cpu.cfs_period_us") as p:
                quota, period = q.read().strip(), p.read().strip()
        except OSError:
            return available
    if quota in ("max", "-1"):
        return available
    return max(1, min(available, round(int(quota) / int(period))))


bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * container_cpu_count() + 1)

# Heartbeat files on tmpfs: on the container's overlay filesystem they can stall workers.
worker_tmp_dir = "/dev/shm"

# Finish requests in flight on SIGTERM, well inside compose's 10 s before SIGKILL.
graceful_timeout = 5

accesslog = "-"

# gunicornc's control socket would need a writable home; nothing here uses it.
control_socket_disable = True


def on_starting(server):
    load_settings_or_exit()
