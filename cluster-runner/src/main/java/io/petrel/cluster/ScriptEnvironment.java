package io.petrel.cluster;

import java.util.List;
import java.util.Map;

/**
 * The environment Petrel's {@code bin/} scripts run in when a launcher or a test starts them:
 * nothing a developer's shell exports may point them at another installation, another cluster,
 * another pid or log directory or other JVM sizes, and they run on this JVM's Java.
 */
public final class ScriptEnvironment {

    /** Variables the scripts read (see bin/lib/common.sh) that the caller sets itself or not at all. */
    public static final List<String> INHERITED = List.of("NAMESRV_ADDR", "ROCKETMQ_HOME", "PETREL_HOME", "JAVA_OPT",
            "PETREL_JAVA_OPTS", "PETREL_PID_DIR", "PETREL_LOG_DIR", "PETREL_MAX_HEAP_MB", "PETREL_CLASSPATH", "PETREL_SETENV",
            "PETREL_SHUTDOWN_WAIT_SECONDS", "PETREL_ROLE", "PETREL_ADMIN_JAVA_OPTS", "PETREL_QUICKSTART_PORT", "PETREL_QUICKSTART_DIR",
            "PETREL_MVN_OPTS");

    private ScriptEnvironment() {
    }

    /** Removes {@link #INHERITED} from {@code env} and sets JAVA_HOME to this JVM's. */
    public static void isolate(Map<String, String> env) {
        INHERITED.forEach(env::remove);
        env.put("JAVA_HOME", javaHome());
    }

    static String javaHome() {
        return System.getProperty("java.home");
    }
}
