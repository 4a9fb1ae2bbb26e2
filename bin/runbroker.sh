#!/usr/bin/env bash
# Runs the broker main like bin/runserver.sh, with a larger heap cap: a broker's messages live in
# memory-mapped files outside the heap, so 2 GiB (PETREL_MAX_HEAP_MB) is plenty.
#   bin/runbroker.sh MAIN_CLASS [ARGS...]
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PETREL_MAX_HEAP_MB="${PETREL_MAX_HEAP_MB:-2048}" PETREL_ROLE="${PETREL_ROLE:-broker}" \
  exec "$BIN_DIR/runserver.sh" "$@"
