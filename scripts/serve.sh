#!/usr/bin/env bash
# Production-style serving for `make serve`: the task worker(s) and gunicorn, stopped together.
#
# TASK_WORKERS (default 1) worker processes each build one export at a time; each exits after
# TASK_WORKER_MAX_TASKS tasks (default 50, like gunicorn's max_requests) and is started again,
# so memory from large PDFs is handed back. Workers run at nice 10 (TASK_WORKER_NICE), so on a
# shared node the web workers get the CPU first. On a multi-node deployment run this on each app
# node, or run `manage.py task_worker` under your process manager on separate worker nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
workers=${TASK_WORKERS:-1}
max_tasks=${TASK_WORKER_MAX_TASKS:-50}
pids=()

worker_loop() {
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
    while true; do
        nice -n "${TASK_WORKER_NICE:-10}" "$PY" manage.py task_worker --no-reload \
            --max-tasks "$max_tasks" --worker-id "$(hostname)-$1-$RANDOM" &
        child=$!
        wait "$child" || sleep 1
    done
}

stop() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
}
trap stop EXIT
trap "exit 143" TERM INT

for n in $(seq 1 "$workers"); do
    worker_loop "$n" &
    pids+=($!)
done
"$PY" -m gunicorn cpd.wsgi:application --config cpd/gunicorn.conf.py &
pids+=($!)
wait -n
