# Shared by every bin/ script: where Petrel lives, which Java to use, and building when needed.
# Source it; it defines functions and PETREL_HOME, and changes nothing else.

PETREL_HOME="${PETREL_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PETREL_HOME

petrel_die() {
  echo "petrel: $*" >&2
  exit 1
}

# Prints the java binary to use: JAVA_HOME first, then PATH. Requires Java 17 or newer.
petrel_java() {
  local java
  if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
    [ -x "$java" ] || petrel_die "JAVA_HOME is set to '$JAVA_HOME' but $java is not an executable; fix JAVA_HOME or unset it"
  elif command -v java >/dev/null 2>&1; then
    java="$(command -v java)"
  else
    petrel_die "Java 17 or newer is required: install a JDK (e.g. apt install openjdk-17-jdk) or set JAVA_HOME"
  fi
  local version
  version="$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  local major="${version%%.*}"
  [ "$major" = "1" ] && major="$(echo "$version" | cut -d. -f2)"
  if [ -z "$major" ] || [ "$major" -lt 17 ] 2>/dev/null; then
    petrel_die "Java 17 or newer is required, but $java is version '${version:-unknown}'; set JAVA_HOME to a newer JDK"
  fi
  echo "$java"
}

# Builds Petrel (tests skipped) when it was never built or a source or pom changed since.
petrel_ensure_built() {
  local marker="$PETREL_HOME/cluster-runner/target/lib/.petrel-built"
  local stale=""
  if [ ! -f "$marker" ]; then
    stale="never built"
  elif [ -n "$(find "$PETREL_HOME" -maxdepth 1 -name pom.xml -newer "$marker" -print -quit)" ] \
    || [ -n "$(find "$PETREL_HOME"/*/src/main "$PETREL_HOME"/*/pom.xml -newer "$marker" -print -quit 2>/dev/null)" ]; then
    stale="sources changed"
  fi
  [ -z "$stale" ] && return 0
  command -v mvn >/dev/null 2>&1 || petrel_die "Petrel is not built ($stale) and Maven is missing: install maven (apt install maven) and retry"
  echo "petrel: building ($stale; tests skipped)..." >&2
  local log="$PETREL_HOME/cluster-runner/target/petrel-build.log"
  mkdir -p "$(dirname "$log")"
  if ! (cd "$PETREL_HOME" && mvn -q -B -DskipTests package) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    petrel_die "build failed; full log in $log"
  fi
  touch "$marker"
}

petrel_classpath() {
  echo "$PETREL_HOME/cluster-runner/target/lib/*:$PETREL_HOME/cluster-runner/target/classes"
}
