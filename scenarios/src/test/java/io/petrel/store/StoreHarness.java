package io.petrel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.Sabotage;
import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageFormat;
import io.petrel.common.message.StoredMessage;
import io.petrel.config.ConfigContext;
import io.petrel.env.DiskFile;
import io.petrel.scenarios.store.StoreNode;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.SimOptions;
import io.petrel.sim.Simulator;
import io.petrel.store.commitlog.BrokerMessage;
import io.petrel.store.format.FileNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One store node on the simulator for plain tests: small files by default, puts that wait (in
 * virtual time) for their answers, crashes and restarts. Nothing here sleeps.
 */
final class StoreHarness implements AutoCloseable {

    static final String HOST = "10.0.0.1";

    final Simulator sim;
    final SimNode node;
    final StoreConfig config;
    private long nextId = 1;

    StoreHarness(long seed, long diskBytes, Map<String, String> overrides) {
        this(seed, diskBytes, overrides, Sabotage.none());
    }

    /** A store with test-only {@link Sabotage} switches, at every (re)start. */
    StoreHarness(long seed, long diskBytes, Map<String, String> overrides, Set<Sabotage> sabotage) {
        this.sim = new Simulator(seed, SimOptions.defaults().diskTotalBytes(diskBytes));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("storePathRootDir", "/data/store");
        p.put("mappedFileSizeCommitLog", Integer.toString(64 * 1024));
        p.put("mappedFileSizeConsumeQueue", Integer.toString(20 * 100));
        p.put("maxMessageSize", "8192");
        p.put("maxHashSlotNum", "64");
        p.put("maxIndexNum", "512");
        p.putAll(overrides);
        this.config = StoreConfig.of(p, ConfigContext.of("/data", HOST));
        StoreContext context = new StoreContext("PetrelCluster", HostAddress.parse(HOST + ":10911"), ZoneId.of("UTC"), 1L << 30);
        this.node = sim.addNode("store", HOST, env -> new StoreNode(env, config, context, sabotage, n -> { }));
    }

    StoreHarness(Map<String, String> overrides) {
        this(42, 1L << 30, overrides);
    }

    /** Starts (or restarts) the node and waits until the store serves; returns how the start went. */
    StoreStartResult start() {
        node.start();
        sim.runUntil(() -> node.isUp() && node.node() != null && node.nodeAs(StoreNode.class).startResult() != null, 60_000);
        return node.nodeAs(StoreNode.class).startResult();
    }

    MessageStore store() {
        return node.nodeAs(StoreNode.class).store();
    }

    /** Appends {@code from}'s commit-log bytes in [start, end) to {@code to}, as a slave takes them. */
    static void appendRaw(StoreHarness from, StoreHarness to, long start, long end) {
        for (long at = start; at < end; ) {
            var data = from.store().getCommitLogData(at);
            ByteBuffer bytes = data.byteBuffer().slice(data.byteBuffer().position(),
                    (int) Math.min(data.size(), end - at));
            assertThat(to.store().appendToCommitLog(at, bytes)).isTrue();
            at += bytes.remaining();
            data.release();
        }
    }

    void crash(CrashKind kind) {
        node.crash(kind);
    }

    void run(long millis) {
        sim.runFor(millis);
    }

    /** A message with a unique id in its body, UNIQ_KEY and KEYS, tagged TagA. */
    BrokerMessage message(String topic, int queueId, int bodyBytes) {
        long id = nextId++;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TAGS", "TagA");
        p.put("KEYS", "key-" + id);
        p.put("UNIQ_KEY", String.format(Locale.ROOT, "%032X", id));
        byte[] body = new byte[bodyBytes];
        byte[] label = ("message-" + id).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, body, 0, Math.min(label.length, body.length));
        return BrokerMessage.of(topic, queueId, body, p, sim.nowNanos(), HostAddress.parse("10.0.0.9:40000"));
    }

    /** Puts and waits for the answer (in virtual time, bounded). */
    PutMessageResult put(BrokerMessage m) {
        List<PutMessageResult> answer = new ArrayList<>(1);
        store().putMessage(m, answer::add);
        sim.runUntil(() -> !answer.isEmpty(), 60_000);
        if (answer.isEmpty()) {
            throw new AssertionError("no answer to a put within 60 s of virtual time");
        }
        return answer.get(0);
    }

    PutMessageResult putBatch(List<BrokerMessage> batch) {
        List<PutMessageResult> answer = new ArrayList<>(1);
        store().putMessages(batch, answer::add);
        sim.runUntil(() -> !answer.isEmpty(), 60_000);
        return answer.get(0);
    }

    /** Puts {@code count} messages round-robin over {@code queues} queues of {@code topic}; returns the answers. */
    List<PutMessageResult> putMany(String topic, int queues, int count, int bodyBytes) {
        List<PutMessageResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(put(message(topic, i % queues, bodyBytes)));
        }
        return results;
    }

    /** Every message body of a queue, read through the pull API from its min offset. */
    List<String> readQueue(String topic, int queueId) {
        List<String> bodies = new ArrayList<>();
        long offset = store().getMinOffsetInQueue(topic, queueId);
        for (int round = 0; round < 10_000; round++) {
            GetMessageResult r = store().getMessage("test", topic, queueId, offset, 32, null);
            for (ByteBuffer b : r.messageBuffers()) {
                bodies.add(bodyLabel(StoredMessage.decode(b, b.position(), true).body()));
            }
            r.release();
            if (r.status() != GetMessageStatus.FOUND || r.nextBeginOffset() <= offset) {
                break;
            }
            offset = r.nextBeginOffset();
        }
        return bodies;
    }

    /**
     * Flips the lowest bit of the last body byte of the record at {@code recordOffset}, whose body is
     * {@code bodyBytes} long (messages from {@link #message} end in zeros, so the label stays readable):
     * damage only the body CRC can catch.
     */
    void flipLastBodyBit(long recordOffset, int bodyBytes) {
        String dir = config.storePathCommitLog();
        long fileSize = config.mappedFileSizeCommitLog();
        DiskFile file = node.disk().open(dir + "/" + FileNames.offsetToFileName(recordOffset - recordOffset % fileSize));
        long inFile = recordOffset % fileSize;
        ByteBuffer sysFlag = ByteBuffer.allocate(4);
        file.read(inFile + MessageFormat.SYS_FLAG_POSITION, sysFlag);
        long at = inFile + MessageFormat.bodyLengthPosition(sysFlag.getInt(0)) + 4 + bodyBytes - 1;
        ByteBuffer b = ByteBuffer.allocate(1);
        file.read(at, b);
        file.write(at, ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 1)}));
        file.close();
    }

    /** Flips bit {@code bit} (0 = lowest of the last byte) of the big-endian int at {@code fieldPosition} of a record. */
    void flipIntFieldBit(long recordOffset, int fieldPosition, int bit) {
        long fileSize = config.mappedFileSizeCommitLog();
        DiskFile file = node.disk().open(config.storePathCommitLog() + "/"
                + FileNames.offsetToFileName(recordOffset - recordOffset % fileSize));
        long at = recordOffset % fileSize + fieldPosition + 3 - bit / 8;
        ByteBuffer b = ByteBuffer.allocate(1);
        file.read(at, b);
        file.write(at, ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ (1 << (bit % 8)))}));
        file.close();
    }

    static String bodyLabel(byte[] body) {
        int end = 0;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        return new String(body, 0, end, StandardCharsets.UTF_8);
    }

    List<String> logLines() {
        return sim.log().recent();
    }

    @Override
    public void close() {
        sim.close();
    }
}
