package io.petrel.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One broker to start.
 *
 * @param name the node's name in its cluster, also the name of its file, store directory and console
 *     files; letters, digits, '.', '_' and '-' only
 * @param shippedFile the shipped file it starts from, relative to {@code conf/} (e.g.
 *     {@code 2m-2s-sync/broker-a.properties}), copied with its comments; empty: a file generated
 *     from {@code properties} alone
 * @param properties lines set over the shipped file (or the whole generated file), in order;
 *     the ports, addresses and store paths of the run are the launcher's and may not be given here
 * @param jvmOptions options for the broker's JVM (e.g. {@code -Xms1g -Xmx1g}); empty: the defaults
 * @param mainClass tests only: the class {@code bin/runbroker.sh} starts instead of
 *     {@code bin/mqbroker}'s (a broker main with test-only switches, on the run's classpath); empty:
 *     {@code bin/mqbroker}
 */
public record BrokerSpec(String name, String shippedFile, Map<String, String> properties, List<String> jvmOptions,
        String mainClass) {

    public BrokerSpec(String name, String shippedFile, Map<String, String> properties, List<String> jvmOptions) {
        this(name, shippedFile, properties, jvmOptions, "");
    }

    public BrokerSpec {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("a node's name may hold letters, digits, '.', '_' and '-' only, not '" + name + "'");
        }
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@code conf/<shippedFile>} as shipped. */
    public static BrokerSpec shipped(String name, String shippedFile) {
        return new BrokerSpec(name, shippedFile, Map.of(), List.of());
    }

    /** A file of {@code properties} alone, over the broker's defaults. */
    public static BrokerSpec generated(String name, Map<String, String> properties) {
        return new BrokerSpec(name, "", properties, List.of());
    }

    /** This broker with {@code more} lines set, replacing earlier values of the same keys. */
    public BrokerSpec with(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(more);
        return new BrokerSpec(name, shippedFile, merged, jvmOptions, mainClass);
    }

    public BrokerSpec withJvmOptions(List<String> options) {
        return new BrokerSpec(name, shippedFile, properties, options, mainClass);
    }

    /** Tests only: this broker started from {@code main} (see {@code mainClass}). */
    public BrokerSpec withMainClass(String main) {
        return new BrokerSpec(name, shippedFile, properties, jvmOptions, main);
    }
}
