package io.petrel.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one node's process, the same way every time it is started again: the command, the
 * variables set in its environment and those removed from it (inherited ones that would point the
 * node at another installation or another cluster), and its working directory.
 */
record Launch(List<String> command, Map<String, String> environment, List<String> removed, Path workDir) {

    Launch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        removed = List.copyOf(removed);
    }

    ProcessBuilder builder() {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        removed.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        return builder;
    }
}
