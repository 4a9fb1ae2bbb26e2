#!/usr/bin/env bash
# Runs the broker main with JVM options sized for this machine (see runserver.sh; a broker's
# messages live in memory-mapped files outside the heap, so the heap stays modest).
#   bin/runbroker.sh MAIN_CLASS [ARGS...]
set -euo pipefail
BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PETREL_MAX_HEAP_MB="${PETREL_MAX_HEAP_MB:-2048}" PETREL_ROLE="${PETREL_ROLE:-broker}" \
  exec "$BIN_DIR/runserver.sh" "$@"
