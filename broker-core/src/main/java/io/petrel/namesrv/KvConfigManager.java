package io.petrel.namesrv;

import io.petrel.common.BodyException;
import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NameServer's KV config: namespace → key → value, persisted as RocketMQ's
 * {@code kvConfig.json} ({@code {"configTable":{ns:{k:v}}}}) through a {@link DurableFile}.
 * A change is visible at once and durable shortly after.
 */
final class KvConfigManager {

    /** The file's JSON shape. */
    record KvConfigSerializeWrapper(Map<String, Map<String, String>> configTable) {
    }

    private final TreeMap<String, TreeMap<String, String>> table = new TreeMap<>();
    private final DurableFile file;

    KvConfigManager(DurableFile file) {
        this.file = file;
    }

    /**
     * Loads the file if it exists.
     *
     * @throws IllegalStateException naming the file when it is not valid JSON
     */
    void load() {
        byte[] content = file.load();
        if (content == null) {
            return;
        }
        try {
            KvConfigSerializeWrapper wrapper = Json.read(content, KvConfigSerializeWrapper.class);
            if (wrapper.configTable() != null) {
                wrapper.configTable().forEach((ns, kv) -> table.put(ns, new TreeMap<>(kv)));
            }
        } catch (BodyException e) {
            throw new IllegalStateException(file.path() + " is not a valid KV config file: " + e.getMessage());
        }
    }

    void put(String namespace, String key, String value) {
        table.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value);
        persist();
    }

    String get(String namespace, String key) {
        TreeMap<String, String> kv = table.get(namespace);
        return kv == null ? null : kv.get(key);
    }

    void delete(String namespace, String key) {
        TreeMap<String, String> kv = table.get(namespace);
        if (kv != null && kv.remove(key) != null) {
            if (kv.isEmpty()) {
                table.remove(namespace);
            }
            persist();
        }
    }

    /** A copy of one namespace, or null when it is empty. */
    Map<String, String> list(String namespace) {
        TreeMap<String, String> kv = table.get(namespace);
        return kv == null || kv.isEmpty() ? null : new TreeMap<>(kv);
    }

    private void persist() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        table.forEach((ns, kv) -> copy.put(ns, new TreeMap<>(kv)));
        file.save(Json.write(new KvConfigSerializeWrapper(copy)), null);
    }
}
