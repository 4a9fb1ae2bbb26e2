package io.petrel.namesrv;

import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.UnreadableFileException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NameServer's KV config: namespace → key → value, persisted as RocketMQ's
 * {@code kvConfig.json} ({@code {"configTable":{ns:{k:v}}}}) through a {@link DurableFile}.
 * A change is visible at once; its caller is told once it is durable (RocketMQ 4.9 writes the file
 * before it answers a put, without forcing it), and a graceful stop waits for every save.
 *
 * <p>Bounds. RocketMQ 4.9.8 checks only that namespace and key are present; any host that reaches
 * the NameServer's port may put, so Petrel bounds what one put and the whole table may hold,
 * far beyond any operator's use (RocketMQ's own namespaces hold topic names and broker lists):
 * <ul>
 *   <li>namespace and key: at most {@value #MAX_NAME_CHARS} characters each. They are JSON
 *       names in the file, and stay well under the 50,000 that Jackson's default reader accepts,
 *       so other tools read the file too;</li>
 *   <li>value: at most {@value #MAX_VALUE_CHARS} characters;</li>
 *   <li>the whole table, as written to kvConfig.json: at most {@value #MAX_FILE_BYTES} bytes, so
 *       that any namespace fits in one GET_KVLIST_BY_NAMESPACE response (frames are at most
 *       16 MiB) and the file a restart reads stays small. A put that would grow the file past it
 *       is refused; deletes and puts that do not grow it are always accepted.</li>
 * </ul>
 * A refused put changes nothing. The file is read back by the same {@link Json} mapper that wrote
 * it, which reads any name and string length, so whatever was accepted is read at the next start.
 */
final class KvConfigManager {

    static final int MAX_NAME_CHARS = 16_384;
    static final int MAX_VALUE_CHARS = 1_048_576;
    static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    /** The file's JSON shape. */
    record KvConfigSerializeWrapper(Map<String, Map<String, String>> configTable) {
    }

    private final TreeMap<String, TreeMap<String, String>> table = new TreeMap<>();
    private final DurableFile file;
    /** The size of the content last loaded or saved: what the file holds or is about to hold. */
    private long fileBytes;

    KvConfigManager(DurableFile file) {
        this.file = file;
    }

    String path() {
        return file.path();
    }

    /**
     * Loads the file if it exists; the table is unchanged when it cannot be read.
     *
     * @throws UnreadableFileException naming the file when it cannot be read, is not a KV config
     *     file, or holds a null where a namespace's table or a value belongs
     */
    void load() {
        KvConfigSerializeWrapper wrapper = file.read(KvConfigSerializeWrapper.class, "KV config");
        if (wrapper == null || wrapper.configTable() == null) {
            return;
        }
        TreeMap<String, TreeMap<String, String>> loaded = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> ns : wrapper.configTable().entrySet()) {
            if (ns.getValue() == null || ns.getValue().containsValue(null)) {
                throw new UnreadableFileException(file.path(), "namespace '" + ns.getKey() + "' holds a null");
            }
            loaded.put(ns.getKey(), new TreeMap<>(ns.getValue()));
        }
        table.putAll(loaded);
        fileBytes = Json.write(wrapper()).length;
    }

    /** Moves an unreadable file aside (see {@link DurableFile#moveAside}); returns where it went. */
    String moveAside() {
        return file.moveAside();
    }

    /**
     * Puts one entry, or refuses it and changes nothing; {@code onDurable} runs once an accepted put is
     * in the file (forced), and never for a refused one.
     *
     * @return null when accepted, else why not (naming the field), for a SYSTEM_ERROR remark
     */
    String put(String namespace, String key, String value, Runnable onDurable) {
        String problem = tooLong("namespace", namespace, MAX_NAME_CHARS);
        problem = problem != null ? problem : tooLong("key", key, MAX_NAME_CHARS);
        problem = problem != null ? problem : tooLong("value", value, MAX_VALUE_CHARS);
        if (problem != null) {
            return problem;
        }
        TreeMap<String, String> kv = table.computeIfAbsent(namespace, n -> new TreeMap<>());
        String previous = kv.put(key, value);
        byte[] content = Json.write(wrapper());
        if (content.length > MAX_FILE_BYTES && content.length > fileBytes) {
            if (previous != null) {
                kv.put(key, previous);
            } else {
                kv.remove(key);
                if (kv.isEmpty()) {
                    table.remove(namespace);
                }
            }
            return "the KV config would grow to " + content.length + " bytes as kvConfig.json, more than the "
                    + MAX_FILE_BYTES + " allowed; delete entries first";
        }
        save(content, onDurable);
        return null;
    }

    private static String tooLong(String field, String text, int maxChars) {
        if (text.length() <= maxChars) {
            return null;
        }
        return "the KV config " + field + " has " + text.length() + " characters, more than the " + maxChars + " allowed";
    }

    String get(String namespace, String key) {
        TreeMap<String, String> kv = table.get(namespace);
        return kv == null ? null : kv.get(key);
    }

    /** Deletes one entry; {@code onDurable} runs once the file no longer holds it (at once if it never did). */
    void delete(String namespace, String key, Runnable onDurable) {
        TreeMap<String, String> kv = table.get(namespace);
        if (kv != null && kv.remove(key) != null) {
            if (kv.isEmpty()) {
                table.remove(namespace);
            }
            save(Json.write(wrapper()), onDurable);
        } else {
            file.afterPendingSaves(onDurable);
        }
    }

    /** Runs {@code done} once every save is in the file. */
    void afterPendingSaves(Runnable done) {
        file.afterPendingSaves(done);
    }

    /** A copy of one namespace, or null when it is empty. */
    Map<String, String> list(String namespace) {
        TreeMap<String, String> kv = table.get(namespace);
        return kv == null || kv.isEmpty() ? null : new TreeMap<>(kv);
    }

    /** A copy of the whole table, as the file holds it. */
    KvConfigSerializeWrapper wrapper() {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        table.forEach((ns, kv) -> copy.put(ns, new TreeMap<>(kv)));
        return new KvConfigSerializeWrapper(copy);
    }

    private void save(byte[] content, Runnable onDurable) {
        fileBytes = content.length;
        file.save(content, onDurable);
    }
}
