package io.petrel.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a {@link ProcessCluster} starts: Petrel NameServers (from {@code conf/mqnamesrv.properties}
 * with {@code namesrvProperties} set over it) and brokers, in the order given. A shipped conf set
 * ({@link #confSet}) lists its masters before their slaves.
 */
public record Topology(int namesrvs, Map<String, String> namesrvProperties, List<BrokerSpec> brokers) {

    public Topology {
        if (namesrvs < 1) {
            throw new IllegalArgumentException("a topology needs at least one NameServer, not " + namesrvs);
        }
        namesrvProperties = Collections.unmodifiableMap(new LinkedHashMap<>(namesrvProperties));
        brokers = List.copyOf(brokers);
        TreeSet<String> names = new TreeSet<>();
        for (BrokerSpec b : brokers) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("two brokers are called '" + b.name() + "'");
            }
        }
    }

    public static Topology of(int namesrvs, List<BrokerSpec> brokers) {
        return new Topology(namesrvs, Map.of(), brokers);
    }

    /**
     * One NameServer and every broker file of {@code conf/<set>} under {@code home} (e.g.
     * {@code 2m-2s-sync}: broker-a, broker-b, then their slaves), each node named after its file.
     */
    public static Topology confSet(Path home, String set) {
        Path conf = home.resolve("conf");
        Path dir = conf.resolve(set);
        List<Path> files = set.contains("/") || set.contains("..") ? List.of() : brokerFiles(dir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no conf set '" + set + "' in " + conf + ": the sets are " + sets(conf));
        }
        List<BrokerSpec> brokers = new ArrayList<>();
        files.stream().sorted(Comparator.comparingLong(Topology::brokerId).thenComparing(Path::toString)).forEach(f -> {
            String file = f.getFileName().toString();
            brokers.add(BrokerSpec.shipped(file.substring(0, file.length() - ".properties".length()), set + "/" + file));
        });
        return of(1, brokers);
    }

    public Topology withNamesrvs(int count) {
        return new Topology(count, namesrvProperties, brokers);
    }

    public Topology withNamesrvProperties(Map<String, String> properties) {
        return new Topology(namesrvs, properties, brokers);
    }

    /** Every broker with {@code properties} set over its own (e.g. {@code flushDiskType=SYNC_FLUSH}). */
    public Topology withBrokerProperties(Map<String, String> properties) {
        return new Topology(namesrvs, namesrvProperties, brokers.stream().map(b -> b.with(properties)).toList());
    }

    /** Only the brokers named, in this topology's order; an unknown name is refused. */
    public Topology only(String... names) {
        List<String> wanted = List.of(names);
        List<String> known = brokers.stream().map(BrokerSpec::name).toList();
        for (String name : wanted) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("no broker '" + name + "' in this topology: it has " + known);
            }
        }
        return new Topology(namesrvs, namesrvProperties, brokers.stream().filter(b -> wanted.contains(b.name())).toList());
    }

    private static List<Path> brokerFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".properties")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sets(Path conf) {
        try (Stream<Path> dirs = Files.list(conf)) {
            return String.join(", ", dirs.filter(d -> !brokerFiles(d).isEmpty()).map(d -> d.getFileName().toString())
                    .sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's brokerId, 0 (a master) when it sets none. */
    private static long brokerId(Path file) {
        String id;
        try {
            id = ConfFiles.valueOf(file, "brokerId", "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " sets brokerId=" + id + ", which is not a number", e);
        }
    }
}
