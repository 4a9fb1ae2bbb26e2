#!/usr/bin/env bash
# Runs a Petrel server main class in this process (exec), so the pid a caller sees, nohup's
# included, is the JVM's:  bin/runserver.sh MAIN_CLASS [ARGS...]
#
# JVM options are sized for this machine, not RocketMQ's fixed -Xms4g/-Xms8g: the heap is a
# quarter of the machine's memory (or of the container's limit, when lower), at least 256 MiB and
# at most PETREL_MAX_HEAP_MB (default 1024; bin/runbroker.sh passes 2048). JAVA_OPT (or
# PETREL_JAVA_OPTS) replaces the heap and GC options. GC logs always go to
# $PETREL_LOG_DIR/<role>_gc_<pid>.log (five files of 20 MB each at most). Set these in bin/setenv.sh.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BIN_DIR/lib/common.sh"
[ $# -ge 1 ] || petrel_die "usage: runserver.sh MAIN_CLASS [ARGS...]"
JAVA="$(petrel_java)"
petrel_ensure_built

MAIN="$1"; shift
ROLE="${PETREL_ROLE:-server}"

# -p, -m and -h only print and exit: a small JVM, no GC log, no pid directory.
for arg in "$@"; do
  case "$arg" in
    -p|-m|-h|--printConfigItem|--printImportantConfig|--help)
      # shellcheck disable=SC2086
      exec "$JAVA" -Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dpetrel.home="$PETREL_HOME" \
        -cp "$(petrel_classpath)" "$MAIN" "$@"
      ;;
  esac
done
mkdir -p "$PETREL_LOG_DIR" || petrel_die "cannot create the log directory $PETREL_LOG_DIR (PETREL_LOG_DIR)"
mkdir -p "$PETREL_PID_DIR" || petrel_die "cannot create the pid directory $PETREL_PID_DIR (PETREL_PID_DIR)"
PETREL_PID_DIR="$(cd "$PETREL_PID_DIR" && pwd -P)"

# Prints the memory this process may use, in MiB: the machine's, or the cgroup's limit when lower.
memory_mb() {
  local mem_kb limit
  mem_kb="$(awk '/MemTotal/ {print $2}' /proc/meminfo 2>/dev/null || true)"
  [ -n "$mem_kb" ] || mem_kb=4194304
  for f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    limit="$(cat "$f" 2>/dev/null || true)"
    if [[ "$limit" =~ ^[0-9]+$ ]] && [ $(( limit / 1024 )) -lt "$mem_kb" ]; then
      mem_kb=$(( limit / 1024 ))
    fi
  done
  echo $(( mem_kb / 1024 ))
}

JVM_OPTS="${JAVA_OPT:-${PETREL_JAVA_OPTS:-}}"
if [ -z "$JVM_OPTS" ]; then
  heap_mb=$(( $(memory_mb) / 4 ))
  max_mb="${PETREL_MAX_HEAP_MB:-1024}"
  [ "$heap_mb" -gt "$max_mb" ] && heap_mb="$max_mb"
  [ "$heap_mb" -lt 256 ] && heap_mb=256
  JVM_OPTS="-Xms${heap_mb}m -Xmx${heap_mb}m -XX:+UseG1GC -XX:MaxGCPauseMillis=50"
fi
GC_LOG="-Xlog:gc*:file=${PETREL_LOG_DIR}/${ROLE}_gc_%p.log:time,uptime:filecount=5,filesize=20M"

# shellcheck disable=SC2086
exec "$JAVA" $JVM_OPTS "$GC_LOG" -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$PETREL_LOG_DIR" \
  -XX:-OmitStackTraceInFastThrow -Dpetrel.logDir="$PETREL_LOG_DIR" -Dpetrel.pidDir="$PETREL_PID_DIR" \
  -Dpetrel.home="$PETREL_HOME" -cp "$(petrel_classpath)" "$MAIN" "$@"
