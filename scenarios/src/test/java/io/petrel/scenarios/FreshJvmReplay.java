package io.petrel.scenarios;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replays a seed with {@link ReplayMain} in a fresh JVM whose identity hash codes differ
 * ({@code -XX:hashCode=2}), which exposes iteration over identity-hashed collections, and returns
 * the trace hash it printed last.
 */
public final class FreshJvmReplay {

    private FreshJvmReplay() {
    }

    public static String traceHash(String scenario, long seed) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2",
                "-cp", classpath, ReplayMain.class.getName(), "--scenario", scenario, Long.toString(seed), "--quiet"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("replay of " + scenario + " seed " + seed + " did not finish in 60 s");
        }
        if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("trace-hash: ")) {
            throw new AssertionError("replay of " + scenario + " seed " + seed + " did not end with its trace hash: " + lines);
        }
        return lines.get(lines.size() - 1).substring("trace-hash: ".length());
    }
}
