# Finding and stopping Petrel servers, for bin/mqshutdown and bin/quickstart. Source it after
# common.sh. A server is found by its pid file in $PETREL_PID_DIR (written by the main once the
# node serves, removed after a graceful shutdown) or, when that file is gone, by its command line,
# which names both its main class and -Dpetrel.pidDir=$PETREL_PID_DIR. A pid only counts while it
# is alive and still runs the expected main class, so a pid reused by another program after a
# crash is never signalled.

PETREL_NAMESRV_MAIN=io.petrel.real.main.NamesrvMain
PETREL_BROKER_MAIN=io.petrel.real.main.BrokerMain

# True when PID is alive and is a java process whose command line names MAIN.
petrel_runs_main() {
  local pid="$1" main="$2"
  kill -0 "$pid" 2>/dev/null || return 1
  ps -ww -p "$pid" -o args= 2>/dev/null | awk -v main="$main" \
    '$1 ~ /(^|\/)java$/ && index($0 " ", " " main " ") { found = 1 } END { exit !found }'
}

# Prints the pid a pid file holds, or nothing when the file is missing or holds no number.
petrel_pid_in() {
  [ -f "$1" ] || return 0
  head -n 1 "$1" 2>/dev/null | tr -dc '0-9'
}

# Prints the pids (one per line) of the running servers of LABEL (mqbroker or mqnamesrv) that use
# this pid directory, removing the pid files of those that are gone.
petrel_find_servers() {
  local label="$1" main="$2" file pid found=" "
  if [ -d "$PETREL_PID_DIR" ]; then
    for file in "$PETREL_PID_DIR/$label"-*.pid; do
      [ -f "$file" ] || continue
      pid="$(petrel_pid_in "$file")"
      if [ -n "$pid" ] && petrel_runs_main "$pid" "$main"; then
        found="$found$pid "
      else
        rm -f "$file"
        echo "Removed the stale pid file $file (no $label runs as pid ${pid:-?})." >&2
      fi
    done
  fi
  # shellcheck disable=SC2009
  for pid in $(ps -ww -eo pid=,args= | awk -v main=" $main " -v dir=" -Dpetrel.pidDir=$PETREL_PID_DIR " \
      '$2 ~ /(^|\/)java$/ && index($0 " ", main) && index($0, dir) { print $1 }'); do
    case "$found" in *" $pid "*) ;; *) found="$found$pid " ;; esac
  done
  for pid in $found; do
    echo "$pid"
  done
}

# Sends SIGTERM to each PID (a server shuts down gracefully on it), printing RocketMQ's lines,
# then waits until all are gone, at most PETREL_SHUTDOWN_WAIT_SECONDS (default 60: a broker may
# take up to 30 s to flush). Returns 1, naming them, when some are still running then.
petrel_stop_servers() {
  local label="$1" main="$2" pid
  shift 2
  for pid in "$@"; do
    echo "The $label($pid) is running..."
    if kill -TERM "$pid" 2>/dev/null; then
      echo "Send shutdown request to $label($pid) OK"
    else
      echo "Could not send a shutdown request to $label($pid): $(kill -TERM "$pid" 2>&1 || true)" >&2
    fi
  done
  local wait_s="${PETREL_SHUTDOWN_WAIT_SECONDS:-60}" deadline=$((SECONDS + ${PETREL_SHUTDOWN_WAIT_SECONDS:-60}))
  local remaining=("$@")
  while [ ${#remaining[@]} -gt 0 ]; do
    local still=()
    for pid in "${remaining[@]}"; do
      if petrel_runs_main "$pid" "$main"; then
        still+=("$pid")
      else
        echo "The $label($pid) has stopped."
      fi
    done
    remaining=("${still[@]+"${still[@]}"}")
    [ ${#remaining[@]} -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      for pid in "${remaining[@]}"; do
        echo "The $label($pid) is still running after ${wait_s} s; see its log in $PETREL_LOG_DIR, or stop it at once with: kill -9 $pid" >&2
      done
      return 1
    fi
    sleep 0.2
  done
  # A graceful exit removed each pid file; drop the files of processes that ended otherwise.
  petrel_find_servers "$label" "$main" >/dev/null 2>&1 || true
  return 0
}
