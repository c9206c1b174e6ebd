#!/usr/bin/env bash
# Serve the dashboard as in production: N Streamlit replicas on loopback ports, all reading the same immutable
# database build, behind nginx (compression, session affinity, failover; deploy/nginx.conf.template) on PORT.
#
#   bash scripts/serve.sh [--replicas N] [--port PORT] [--host ADDRESS] [--run-dir DIR]
#
# Defaults: one replica per core, port 8080, address 127.0.0.1, run directory run/ (or $MENSENHANDEL_RUN).
# MENSENHANDEL_DB names the database as for the ETL; it is built when missing. Ctrl-C or SIGTERM stops every process
# this script started. docs/deploy.md explains the set-up; `bash scripts/run.sh` stays the one-process laptop way.
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)

replicas=$(nproc)
port=8080
host=127.0.0.1
run_dir=${MENSENHANDEL_RUN:-$project/run}
while [ $# -gt 0 ]; do
    case "$1" in
        --replicas) replicas=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --host) host=$2; shift 2 ;;
        --run-dir) run_dir=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "serve.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $replicas =~ ^[1-9][0-9]*$ ]] || { echo "serve.sh: --replicas wants a positive number" >&2; exit 2; }
[[ $port =~ ^[0-9]+$ ]] || { echo "serve.sh: --port wants a number" >&2; exit 2; }
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
nginx_dir=$run_dir/nginx

log() { echo "serve.sh $(date -u +%H:%M:%S) $*" >&2; }

# Free loopback ports for the replicas, chosen together so they differ from each other and from PORT.
free_ports() {
    python - "$1" "$port" <<'PY'
import socket, sys
count, taken = int(sys.argv[1]), int(sys.argv[2])
sockets = []
while len(sockets) < count:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    if s.getsockname()[1] == taken:
        s.close()
        continue
    sockets.append(s)
print(" ".join(str(s.getsockname()[1]) for s in sockets))
PY
}

pids=()
stopping=0
# Stop every process this script started: TERM, a grace period, then KILL; nothing is left behind.
stop() {
    [ "$stopping" -eq 1 ] && return
    stopping=1
    trap '' INT TERM
    log "stopping ${#pids[@]} processes"
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" -eq 0 ] && break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
    rm -f "$run_dir"/replicas "$run_dir"/replica-*.pid
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

healthy() { python -c "import urllib.request as u, sys; sys.exit(u.urlopen(sys.argv[1], timeout=2).read() != b'ok')" \
    "$1" 2>/dev/null; }

# Waits up to 90 s for url to answer "ok" while process pid lives.
wait_healthy() {
    local url=$1 pid=$2 what=$3
    for _ in $(seq 450); do
        healthy "$url" && return 0
        kill -0 "$pid" 2>/dev/null || { log "$what exited while starting; see its log in $run_dir"; return 1; }
        sleep 0.2
    done
    log "$what did not answer $url within 90 s"
    return 1
}

bash scripts/install-nginx.sh   # Debian's nginx (and brotli module) when missing

# The one build every replica reads. A rebuild later (python -m etl) replaces it atomically; each replica notices the
# new file at its next query (dashboard/db.py), so no replica is ever restarted for new data.
db=${MENSENHANDEL_DB:-$project/data/build/mensenhandel.duckdb}
if [ ! -f "$db" ]; then
    log "no database at $db: building it"
    python -m etl
fi

# Streamlit's upload limit as this project configures it (.streamlit/config.toml), for nginx's body limit.
max_upload_mb=$(python -c "from streamlit import config; print(config.get_option('server.maxUploadSize'))")

rm -rf "$nginx_dir"
mkdir -p "$nginx_dir"/tmp "$nginx_dir"/cache
: > "$run_dir/replicas"
read -r -a ports <<< "$(free_ports "$replicas")"
for i in $(seq "$replicas"); do
    replica_port=${ports[$((i - 1))]}
    python -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
        --server.port "$replica_port" --server.fileWatcherType none --server.runOnSave false \
        --browser.gatherUsageStats false >> "$run_dir/replica-$i.log" 2>&1 &
    pids+=($!)
    echo "$!" > "$run_dir/replica-$i.pid"
    echo "$i $replica_port $!" >> "$run_dir/replicas"
done
for i in $(seq "$replicas"); do
    wait_healthy "http://127.0.0.1:${ports[$((i - 1))]}/_stcore/health" "${pids[$((i - 1))]}" "replica $i" || exit 1
done
log "$replicas replicas healthy on 127.0.0.1 ports ${ports[*]}"

# nginx.conf from the template. The brotli filter is used when Debian's module is installed.
modules="" brotli=""
if [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; then
    modules="load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;"
    brotli="    brotli on;
    brotli_comp_level 5;
    brotli_min_length 1024;
    brotli_types text/css text/plain text/javascript application/javascript application/json
                 application/manifest+json image/svg+xml;"
fi
servers="" names=""
for i in $(seq "$replicas"); do
    servers+="        server 127.0.0.1:${ports[$((i - 1))]} max_fails=1 fail_timeout=10s;"$'\n'
    names+="        \"~127\\.0\\.0\\.1:${ports[$((i - 1))]}\$\" $i;"$'\n'
done
conf=$(<deploy/nginx.conf.template)
conf=${conf//@LOAD_MODULES@/$modules}
conf=${conf//@BROTLI@/$brotli}
conf=${conf//@UPSTREAM_SERVERS@/${servers%$'\n'}}
conf=${conf//@REPLICA_NAMES@/${names%$'\n'}}
conf=${conf//@NGINX_DIR@/$nginx_dir}
conf=${conf//@LISTEN@/$host:$port}
conf=${conf//@MAX_BODY_MB@/$((max_upload_mb + 1))}
printf '%s\n' "$conf" > "$nginx_dir/nginx.conf"

# Unprivileged: run as root, nginx drops to nobody entirely (master and workers), keeping only the right to bind a
# port below 1024; its files are the run directory's nginx/ folder.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    chown -R nobody:nogroup "$nginx_dir"
    setpriv --reuid=nobody --regid=nogroup --clear-groups test -w "$nginx_dir" || {
        log "nginx runs as nobody, who cannot reach $nginx_dir: choose a --run-dir whose parents nobody may enter"
        exit 1; }
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+net_bind_service
             --ambient-caps=+net_bind_service)
fi
"${as_user[@]}" nginx -e stderr -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -t -q
"${as_user[@]}" nginx -e stderr -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -g 'daemon off;' \
    >> "$nginx_dir/nginx.out" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
check_host=$host
[ "$host" = 0.0.0.0 ] && check_host=127.0.0.1   # all addresses: asked on loopback
wait_healthy "http://$check_host:$port/healthz" "$nginx_pid" nginx || exit 1
log "serving http://$host:$port/ through nginx ($replicas replicas; logs in $run_dir)"

# Supervise: report replicas that die or stop answering (nginx has already taken them out of rotation); stop all
# when nginx itself ends. `sleep & wait` keeps the script responsive to Ctrl-C and SIGTERM.
declare -A down=()
while kill -0 "$nginx_pid" 2>/dev/null; do
    sleep 5 & wait $! || true
    for i in $(seq "$replicas"); do
        if healthy "http://127.0.0.1:${ports[$((i - 1))]}/_stcore/health"; then
            [ -n "${down[$i]:-}" ] && log "replica $i answers again"
            unset "down[$i]"
        elif [ -z "${down[$i]:-}" ]; then
            down[$i]=1
            log "replica $i (port ${ports[$((i - 1))]}) is down; nginx sends its sessions to the others"
        fi
    done
done
log "nginx ended"
exit 1
