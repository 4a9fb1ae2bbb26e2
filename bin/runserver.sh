#!/usr/bin/env bash
# Runs a Petrel server main class with JVM options sized for this machine (not RocketMQ's -Xms8g).
#   bin/runserver.sh MAIN_CLASS [ARGS...]
# JAVA_OPT (or PETREL_JAVA_OPTS) replaces the sizing; PETREL_LOG_DIR moves logs (default ~/logs/petrel).
set -euo pipefail
BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BIN_DIR/lib/common.sh"
[ -f "$BIN_DIR/setenv.sh" ] && source "$BIN_DIR/setenv.sh"
JAVA="$(petrel_java)"
petrel_ensure_built

MAIN="$1"; shift
LOG_DIR="${PETREL_LOG_DIR:-$HOME/logs/petrel}"
mkdir -p "$LOG_DIR"
ROLE="${PETREL_ROLE:-server}"

if [ -n "${JAVA_OPT:-${PETREL_JAVA_OPTS:-}}" ]; then
  JVM_OPTS="${JAVA_OPT:-${PETREL_JAVA_OPTS:-}}"
else
  # A quarter of the machine's memory, between 256 MiB and 4 GiB.
  mem_kb="$(awk '/MemTotal/ {print $2}' /proc/meminfo 2>/dev/null || echo 4194304)"
  heap_mb=$(( mem_kb / 1024 / 4 ))
  [ "$heap_mb" -lt 256 ] && heap_mb=256
  [ "$heap_mb" -gt "${PETREL_MAX_HEAP_MB:-4096}" ] && heap_mb="${PETREL_MAX_HEAP_MB:-4096}"
  JVM_OPTS="-Xms${heap_mb}m -Xmx${heap_mb}m -XX:+UseG1GC -XX:MaxGCPauseMillis=50"
fi
GC_LOG="-Xlog:gc*:file=${LOG_DIR}/${ROLE}_gc_%p.log:time,uptime:filecount=5,filesize=20M"

exec "$JAVA" $JVM_OPTS $GC_LOG -Dpetrel.logDir="$LOG_DIR" -Dpetrel.home="$PETREL_HOME" \
  -cp "$(petrel_classpath)" "$MAIN" "$@"
