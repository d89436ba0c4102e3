#!/bin/sh
# The worker's health check: its heartbeat file (worker/loop.py) was touched in the last
# 5 s, which it is every second while its lease on the database holds and its loop runs.
set -eu
touched=$(stat -c %Y /tmp/worker-heartbeat 2>/dev/null) || { echo "no heartbeat yet"; exit 1; }
age=$(($(date +%s) - touched))
[ "$age" -le 5 ] || { echo "the last heartbeat was $age s ago"; exit 1; }
