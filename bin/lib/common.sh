# Shared by every bin/ script: the host's settings from bin/setenv.sh, where Petrel lives, which
# Java to use, building when needed, and the log and pid directories. Source it from bash; it
# defines functions and the variables below, and changes nothing else.
#
#   PETREL_HOME     the installation (bin/, conf/, the build); ROCKETMQ_HOME is set to the same
#   PETREL_LOG_DIR  server logs, GC logs and mqadmin's warnings (default ~/logs/petrel)
#   PETREL_PID_DIR  one pid file per running NameServer or broker (default ~/.petrel/run)
#
# Two variables are for tests and IDE builds rather than operators: PETREL_CLASSPATH replaces the
# classpath of the build (and skips the build check), PETREL_SETENV names another file to source
# instead of bin/setenv.sh (empty: none). PETREL_MVN_OPTS adds options to the build (e.g. -o).

petrel_die() {
  echo "petrel: $*" >&2
  exit 1
}

# bin/setenv.sh first, so what an operator sets there (JAVA_HOME, ROCKETMQ_HOME, ...) counts.
_petrel_setenv="${PETREL_SETENV-$(dirname "${BASH_SOURCE[0]}")/../setenv.sh}"
if [ -n "$_petrel_setenv" ] && [ -f "$_petrel_setenv" ]; then
  # shellcheck disable=SC1090
  . "$_petrel_setenv"
fi
unset _petrel_setenv

# PETREL_HOME when set; else ROCKETMQ_HOME when it holds a Petrel installation (runbooks written
# for RocketMQ set it); else the directory above bin/. A ROCKETMQ_HOME that points at a RocketMQ
# installation is not ours and is left out.
if [ -n "${PETREL_HOME:-}" ]; then
  [ -f "$PETREL_HOME/bin/lib/common.sh" ] \
    || petrel_die "PETREL_HOME is '$PETREL_HOME', which is not a Petrel installation (no bin/lib/common.sh there); fix or unset it"
elif [ -n "${ROCKETMQ_HOME:-}" ] && [ -f "$ROCKETMQ_HOME/bin/lib/common.sh" ]; then
  PETREL_HOME="$ROCKETMQ_HOME"
else
  PETREL_HOME="$(dirname "${BASH_SOURCE[0]}")/../.."
fi
PETREL_HOME="$(cd "$PETREL_HOME" && pwd)"
ROCKETMQ_HOME="$PETREL_HOME"
export PETREL_HOME ROCKETMQ_HOME

PETREL_LOG_DIR="${PETREL_LOG_DIR:-$HOME/logs/petrel}"
PETREL_PID_DIR="${PETREL_PID_DIR:-$HOME/.petrel/run}"
# The pid directory is part of every server's command line (-Dpetrel.pidDir=...), which is how
# bin/mqshutdown recognises the processes of this directory without their files; so it is always
# spelled the same: absolute, symlinks resolved, when it exists.
if [ -d "$PETREL_PID_DIR" ]; then
  PETREL_PID_DIR="$(cd "$PETREL_PID_DIR" && pwd -P)"
fi
export PETREL_LOG_DIR PETREL_PID_DIR

# Prints the java binary to use: JAVA_HOME first, then PATH. Requires Java 17 or newer.
petrel_java() {
  local java
  if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
    [ -x "$java" ] || petrel_die "JAVA_HOME is set to '$JAVA_HOME' but $java is not an executable; fix JAVA_HOME (bin/setenv.sh) or unset it"
  elif command -v java >/dev/null 2>&1; then
    java="$(command -v java)"
  else
    petrel_die "Java 17 or newer is required: install a JDK (e.g. apt install openjdk-17-jdk) or set JAVA_HOME in bin/setenv.sh"
  fi
  local version
  version="$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  local major="${version%%.*}"
  [ "$major" = "1" ] && major="$(echo "$version" | cut -d. -f2)"
  if [ -z "$major" ] || ! [ "$major" -ge 17 ] 2>/dev/null; then
    petrel_die "Java 17 or newer is required, but $java is version '${version:-unknown}'; set JAVA_HOME to a newer JDK"
  fi
  echo "$java"
}

# Builds Petrel (tests skipped, output in a log file) when it was never built or a source or pom
# changed since; prints one line while it builds.
petrel_ensure_built() {
  [ -n "${PETREL_CLASSPATH:-}" ] && return 0
  local marker="$PETREL_HOME/cluster-runner/target/lib/.petrel-built"
  local stale=""
  if [ ! -f "$marker" ]; then
    stale="never built"
  elif [ -n "$(find "$PETREL_HOME" -maxdepth 1 -name pom.xml -newer "$marker" -print -quit)" ] \
    || [ -n "$(find "$PETREL_HOME"/*/src/main "$PETREL_HOME"/cluster-runner/src/test "$PETREL_HOME"/*/pom.xml \
      -newer "$marker" -print -quit 2>/dev/null)" ]; then
    # cluster-runner's test classes too: bin/bench broker and bin/chaos run the official client from them.
    stale="sources changed"
  fi
  [ -z "$stale" ] && return 0
  [ -f "$PETREL_HOME/pom.xml" ] \
    || petrel_die "Petrel is not built ($stale) and $PETREL_HOME has no sources to build it from"
  command -v mvn >/dev/null 2>&1 \
    || petrel_die "Petrel is not built ($stale) and Maven is missing: install maven (apt install maven) and retry"
  echo "petrel: building ($stale; tests skipped; about a minute)..." >&2
  local log="$PETREL_HOME/cluster-runner/target/petrel-build.log"
  mkdir -p "$(dirname "$log")"
  # shellcheck disable=SC2086
  if ! (cd "$PETREL_HOME" && mvn -q -B ${PETREL_MVN_OPTS:-} -DskipTests package) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    petrel_die "build failed; full log in $log"
  fi
  touch "$marker"
}

petrel_classpath() {
  if [ -n "${PETREL_CLASSPATH:-}" ]; then
    echo "$PETREL_CLASSPATH"
  else
    echo "$PETREL_HOME/cluster-runner/target/lib/*:$PETREL_HOME/cluster-runner/target/classes"
  fi
}
