package io.petrel.client;

import io.petrel.common.BodyException;
import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.MessageQueue;
import io.petrel.env.DiskPaths;
import io.petrel.env.Env;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Broadcasting offsets, kept by each member in
 * {@code <offsetStoreDir>/<clientId>/<group>/offsets.json} (RocketMQ's layout) through the
 * {@code Disk} seam. The file is replaced atomically, so a crash leaves the previous commit; a file
 * that does not parse stops the consumer from starting rather than silently rewinding it.
 */
final class LocalFileOffsetStore implements OffsetStore {

    /** The file's content: every queue's next offset. */
    record OffsetFile(Map<MessageQueue, Long> offsetTable) {
        OffsetFile {
            offsetTable = offsetTable == null ? new TreeMap<>() : new TreeMap<>(offsetTable);
        }
    }

    private final Env env;
    private final DurableFile file;
    private final TreeMap<MessageQueue, Long> table = new TreeMap<>();

    LocalFileOffsetStore(Env env, ClientConfig config, String group) {
        this.env = env;
        this.file = new DurableFile(env, config.offsetStoreDir() + "/" + config.clientId() + "/" + group + "/offsets.json");
    }

    String path() {
        return file.path();
    }

    @Override
    public void load() {
        env.disk().createDirectories(DiskPaths.parent(file.path()));
        byte[] content = file.load();
        if (content == null) {
            return;
        }
        try {
            table.putAll(Json.read(content, OffsetFile.class).offsetTable());
        } catch (BodyException e) {
            throw new ClientException(-1, "cannot read the local offsets in " + file.path() + ": " + e.getMessage());
        }
    }

    @Override
    public void updateOffset(MessageQueue mq, long offset, boolean increaseOnly) {
        Long old = table.get(mq);
        if (old == null || !increaseOnly || offset > old) {
            table.put(mq, offset);
        }
    }

    @Override
    public void readOffset(MessageQueue mq, ReadOffsetType type, Consumer<Long> result) {
        result.accept(table.getOrDefault(mq, NOT_FOUND));
    }

    @Override
    public void persistAll(Collection<MessageQueue> queues, Runnable done) {
        if (table.isEmpty()) {
            done.run();
            return;
        }
        file.save(Json.write(new OffsetFile(table)), null);
        file.afterPendingSaves(done);
    }

    @Override
    public void persist(MessageQueue mq) {
        file.save(Json.write(new OffsetFile(table)), null);
    }

    @Override
    public void removeOffset(MessageQueue mq) {
        // Kept: a broadcasting member owns every queue, and the file is its only record.
    }

    @Override
    public Map<MessageQueue, Long> offsets(String topic) {
        Map<MessageQueue, Long> result = new TreeMap<>();
        table.forEach((mq, offset) -> {
            if (topic == null || mq.topic().equals(topic)) {
                result.put(mq, offset);
            }
        });
        return result;
    }
}
