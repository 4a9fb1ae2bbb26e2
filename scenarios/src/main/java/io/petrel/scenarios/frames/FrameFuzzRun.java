package io.petrel.scenarios.frames;

import io.petrel.acl.AclCredentials;
import io.petrel.acl.AclSigner;
import io.petrel.broker.Broker;
import io.petrel.common.Sabotage;
import io.petrel.common.message.MessageId;
import io.petrel.env.Address;
import io.petrel.namesrv.NameServer;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetMaxOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.ViewMessageRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.PutKVConfigRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.SimulationFailure;
import io.petrel.sim.Simulator;
import io.petrel.store.file.SelectMappedBufferResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One frame-fuzz run (issue 23): a broker or a NameServer in the simulator takes {@code frames}
 * fuzzed frames from one peer, drawn from the seed alone, and after every frame the run checks:
 * <ul>
 *   <li>the node is up, and every {@value #PROBE_EVERY} frames answers a well-formed request (a send
 *       that must be acknowledged, or a cluster-info query);</li>
 *   <li>a refusal carries a remark, never an exception's text, and names the header field that was
 *       missing or did not parse; a bug (an exception out of a processor) fails the run at once;</li>
 *   <li>the node logs nothing at ERROR (those lines are for Petrel's own bugs and broken disks, and
 *       this run has neither), and its store counts no damaged read;</li>
 *   <li>a refused request leaves the node's state (topics, groups, offsets, commit log, config; routes
 *       and KV config) as it was, and no key naming a path, class or command ever changes;</li>
 *   <li>at the end, and after a clean stop and a crash (kill -9) with a restart each, every
 *       acknowledged message reads back byte for byte.</li>
 * </ul>
 * Violations are collected (the first {@value #MAX_VIOLATIONS}); a bug ends the run.
 */
public final class FrameFuzzRun {

    static final int PROBE_EVERY = 1_000;
    static final int MAX_VIOLATIONS = 20;
    static final int ACKED_AT_START = 50;
    private static final String BROKER = "broker-a";
    private static final Set<Integer> NORMAL_ANSWERS = new TreeSet<>(List.of(ResponseCode.SUCCESS,
            ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED,
            ResponseCode.QUERY_NOT_FOUND, ResponseCode.FLUSH_DISK_TIMEOUT, ResponseCode.FLUSH_SLAVE_TIMEOUT,
            ResponseCode.SLAVE_NOT_AVAILABLE));
    private static final Pattern EXCEPTION_TEXT = FrameChecks.EXCEPTION_TEXT;
    private static final String ACL_FILE = "/home/petrel/conf/plain_acl.yml";
    /** The account that signs every frame and well-formed request of a {@link FrameTarget#BROKER_ACL} run. */
    static final AclCredentials ADMIN = new AclCredentials("frameAdmin", "frame-admin-secret");
    private static final String ACL_RULES = "accounts:\n  - accessKey: frameAdmin\n    secretKey: frame-admin-secret\n"
            + "    admin: true\n";

    private final FrameTarget target;
    private final long seed;
    private final long frames;
    private final Set<Sabotage> sabotage;
    private final Simulator sim;
    private final SimCluster cluster;
    private final SimNode node;
    private final SimNode peerNode;
    private final Address address;
    private final FramePools pools;
    private final FrameMutator mutator;
    private final List<String> violations = new ArrayList<>();
    private final List<String> errorLines = new ArrayList<>();
    private final Map<Mutation, Long> byMutation = new EnumMap<>(Mutation.class);
    private final Set<Integer> codes = new TreeSet<>();
    private String frozenConfig;
    private long answered;
    private long refused;
    private long sent;
    private int restarts;
    private int sendCounter;

    public FrameFuzzRun(FrameTarget target, long seed, long frames, Set<Sabotage> sabotage) {
        if (target == FrameTarget.CLIENT) {
            throw new IllegalArgumentException("a client is fuzzed by ClientFrameFuzzRun");
        }
        this.target = target;
        this.seed = seed;
        this.frames = frames;
        this.sabotage = Sabotage.copyOf(sabotage);
        this.sim = new Simulator(seed);
        this.cluster = new SimCluster(sim);
        SimNode namesrv = cluster.addNamesrv();
        if (target == FrameTarget.BROKER_ACL) {
            cluster.installOnBrokers(ACL_FILE, ACL_RULES.getBytes(StandardCharsets.UTF_8));
        }
        SimNode broker = cluster.addBroker(BROKER, target == FrameTarget.BROKER_ACL ? Map.of("aclEnable", "true") : Map.of(),
                this.sabotage);
        this.node = target.broker() ? broker : namesrv;
        this.address = target.broker() ? cluster.brokerAddress(BROKER)
                : cluster.namesrvAddresses().get(0);
        this.peerNode = sim.addNode("fuzzer", "10.0.9.1", RawPeer::new);
        this.pools = new FramePools(BROKER, cluster.brokerAddress(BROKER).toString());
        this.mutator = new FrameMutator(sim.stream("frames", "mutations"), target == FrameTarget.BROKER_ACL
                ? RequestShapes.brokerWithAcl() : target.broker() ? RequestShapes.broker() : RequestShapes.namesrv(), pools,
                target == FrameTarget.BROKER_ACL ? ADMIN : null);
        sim.log().watch((name, level, text) -> {
            if (name.equals(node.name()) && level.equals("ERROR") && errorLines.size() < MAX_VIOLATIONS) {
                errorLines.add(text);
            }
        });
    }

    public FrameFuzzResult run() {
        long start = System.nanoTime();
        try {
            setUp();
            for (long i = 0; i < frames && violations.size() < MAX_VIOLATIONS; i++) {
                fuzzOne(i);
                if ((i + 1) % PROBE_EVERY == 0) {
                    probe("after frame " + i);
                }
            }
            probe("at the end");
            checkAcknowledgedIntact("at the end");
            restartAndCheck(false);
            restartAndCheck(true);
        } catch (SimulationFailure e) {
            violations.add("Petrel's own bug (the node threw): " + e.getMessage().lines().findFirst().orElse("")
                    + FrameChecks.where(e.getCause()));
        } finally {
            sim.close();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new FrameFuzzResult(target, seed, sent, answered, refused, peer().closes(), byMutation, codes.size(),
                pools.acked().size(), restarts, List.copyOf(violations), wall, sim.elapsedMs());
    }

    private RawPeer peer() {
        return peerNode.nodeAs(RawPeer.class);
    }

    private Broker broker() {
        return cluster.broker(BROKER).nodeAs(Broker.class);
    }

    // ---- set-up --------------------------------------------------------------------------

    private void setUp() {
        peerNode.start();
        cluster.awaitReady(30_000);
        call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader("Kept", "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false)), "create topic Kept");
        for (int i = 0; i < ACKED_AT_START && target.broker(); i++) {
            sendAcknowledged();
        }
        if (target == FrameTarget.NAMESRV) {
            call(RemotingCommand.request(RequestCode.PUT_KV_CONFIG, new PutKVConfigRequestHeader("fuzz", "kept", "v")),
                    "put KV config");
        } else {
            frozenConfig = NodeState.frozenConfig(broker());
        }
        errorLines.clear();
    }

    /** A well-formed request on the peer's connection; its answer, or null (and a violation). */
    private RemotingCommand call(RemotingCommand request, String what) {
        if (!ensureConnected(what)) {
            return null;
        }
        int opaque = 500_000_000 + sendCounter++;
        request.opaque(opaque);
        if (target == FrameTarget.BROKER_ACL) {
            AclSigner.sign(request, ADMIN);
        }
        peer().send(RemotingCodec.encode(request));
        sim.runUntil(() -> peer().answered(opaque) || !peer().isConnected(), 30_000);
        RemotingCommand r = peer().take(opaque);
        if (r == null) {
            violations.add(what + ": a well-formed request got no answer");
        }
        return r;
    }

    private boolean ensureConnected(String what) {
        if (peer().isConnected()) {
            return true;
        }
        Address to = target.broker() ? cluster.brokerAddress(BROKER) : address;
        peer().connect(to);
        sim.runUntil(() -> !peer().isConnecting(), 10_000);
        if (!peer().isConnected()) {
            violations.add(what + ": the node does not accept connections (" + peer().connectFailure() + ")");
            return false;
        }
        return true;
    }

    /** Sends one message to Kept the broker must acknowledge, and keeps what it stored. */
    private void sendAcknowledged() {
        if (!target.broker()) {
            return;
        }
        String body = "acknowledged-" + pools.acked().size();
        RemotingCommand sent = call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2(
                "PG", "Kept", "TBW102", 4, 0, 0, 1_700_000_000_000L, 0, "", 0, false, null, false, BROKER))
                .body(body.getBytes(StandardCharsets.UTF_8)), "an acknowledged send");
        if (sent == null || sent.code() != ResponseCode.SUCCESS) {
            violations.add("a well-formed send to Kept was not acknowledged: " + (sent == null ? "no answer"
                    : sent.code() + " " + sent.remark()));
            return;
        }
        String msgId = sent.decodeHeader(SendMessageResponseHeader.class).msgId();
        long offset = MessageId.decodeMessageId(msgId).commitLogOffset();
        byte[] stored = storedAt(offset);
        pools.add(new FramePools.AckedMessage(offset, msgId, "Kept", 0, body.getBytes(StandardCharsets.UTF_8), stored));
    }

    private byte[] storedAt(long offset) {
        SelectMappedBufferResult r = broker().store().selectOneMessageByOffset(offset);
        if (r == null) {
            return null;
        }
        byte[] b = new byte[r.size()];
        r.byteBuffer().duplicate().get(b);
        r.release();
        return b;
    }

    // ---- one frame -----------------------------------------------------------------------

    private void fuzzOne(long index) {
        FuzzFrame frame = mutator.next();
        byMutation.merge(frame.mutation(), 1L, Long::sum);
        codes.add(frame.code());
        if (!ensureConnected("before frame " + index)) {
            return;
        }
        if (target == FrameTarget.NAMESRV) {
            // The cluster's broker registers every 30 s; one in flight would land in this frame's window.
            sim.runUntil(() -> !broker().registrar().inFlight(), 10_000);
        }
        NodeState before = state();
        peer().forgetResponses();
        peer().send(frame.payload());
        sent++;
        // A frame broken below its fields may carry any opaque after a bit flip, even a later frame's, so
        // its answer (if any) is never matched by opaque; it is waited out by the barrier like a oneway's.
        boolean awaited = !frame.oneway() && !frame.mutation().breaksFraming();
        RemotingCommand response = null;
        if (awaited) {
            sim.runUntil(() -> peer().answered(frame.opaque()) || !peer().isConnected(), 20_000);
            response = peer().take(frame.opaque());
        }
        if (response == null) {
            barrier();
        }
        String where = "frame " + index + " (" + frame.describe() + ")";
        if (!node.isUp()) {
            violations.add(where + ": the node went down");
            throw new SimulationFailure(seed, where + ": the node went down", null);
        }
        if (response != null) {
            answered++;
            checkAnswer(where, frame, response, before);
        }
        checkQuiet(where, frame);
    }

    /**
     * Lets the node finish with every frame sent so far before the next frame's state is read: a
     * frame that is not answered (oneway, broken, or closed on) may still be in flight or being
     * processed, and its effect (a oneway send growing the commit log) must not be counted against the
     * next frame. The node serves one connection in order, so once it answers a read-only request sent
     * after the frame, or closes the connection, the frame has been dealt with. Answers that came
     * meanwhile are dropped: they cannot be told apart by opaque.
     */
    private void barrier() {
        if (peer().isConnected()) {
            int opaque = 500_000_000 + sendCounter++;
            RemotingCommand r = target.broker()
                    ? RemotingCommand.request(RequestCode.GET_MAX_OFFSET, new GetMaxOffsetRequestHeader("Kept", 0, null))
                    : RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null);
            r.opaque(opaque);
            peer().send(RemotingCodec.encode(r));
            sim.runUntil(() -> peer().answered(opaque) || !peer().isConnected(), 30_000);
            if (!peer().answered(opaque) && peer().isConnected() && violations.size() < MAX_VIOLATIONS) {
                violations.add("the node neither answered a read-only request nor closed the connection");
            }
        }
        peer().forgetResponses();
    }

    private NodeState state() {
        return target.broker() ? NodeState.of(broker())
                : NodeState.of(node.nodeAs(NameServer.class), broker().registrar().registrations());
    }

    private void checkAnswer(String where, FuzzFrame frame, RemotingCommand response, NodeState before) {
        if (frame.aclMustRefuse()) {
            checkAclRefusal(where, response, before);
            return;
        }
        if (NORMAL_ANSWERS.contains(response.code())) {
            if (response.code() == ResponseCode.SUCCESS && frame.fieldToName() != null) {
                violations.add(where + ": accepted although '" + frame.fieldToName() + "' is missing or malformed");
            }
            return;
        }
        refused++;
        String remark = response.remark();
        if (remark == null || remark.isBlank()) {
            violations.add(where + ": refused with " + response.code() + " and no remark");
        } else if (EXCEPTION_TEXT.matcher(remark).find()) {
            violations.add(where + ": refused with an exception's text: " + remark);
        } else if (frame.fieldToName() != null && !remark.contains(frame.fieldToName())) {
            violations.add(where + ": the remark does not name '" + frame.fieldToName() + "': " + remark);
        }
        String changed = state().differenceFrom(before, target.broker());
        if (changed != null) {
            violations.add(where + ": refused with " + response.code() + " (" + remark + ") but " + changed);
        }
    }

    /** A frame altered after it was signed: refused by the ACL, state unchanged. */
    private void checkAclRefusal(String where, RemotingCommand response, NodeState before) {
        refused++;
        if (NORMAL_ANSWERS.contains(response.code())) {
            violations.add(where + ": served (" + response.code() + ") although it was altered after it was signed");
        } else if (response.remark() == null || !response.remark().startsWith("AclException: Check signature failed")) {
            violations.add(where + ": altered after it was signed, but refused for another reason: " + response.code()
                    + " " + response.remark());
        }
        String changed = state().differenceFrom(before, true);
        if (changed != null) {
            violations.add(where + ": refused by the ACL but " + changed);
        }
    }

    private void checkQuiet(String where, FuzzFrame frame) {
        if (!errorLines.isEmpty()) {
            violations.add(where + ": the node logged at ERROR: " + errorLines.get(0));
            errorLines.clear();
        }
        if (target.broker() && frame.code() == RequestCode.UPDATE_BROKER_CONFIG
                && !NodeState.frozenConfig(broker()).equals(frozenConfig)) {
            violations.add(where + ": a key that names a path, class or command changed at runtime: "
                    + firstDifference(frozenConfig, NodeState.frozenConfig(broker())));
            frozenConfig = NodeState.frozenConfig(broker());
        }
        if (target.broker() && broker().store().stats().damagedRecordsOnRead() > 0) {
            violations.add(where + ": a read was reported as damage (no disk fault is injected in this run)");
        }
    }

    private static String firstDifference(String a, String b) {
        List<String> x = Arrays.asList(a.split("\n"));
        for (String line : b.split("\n")) {
            if (!x.contains(line)) {
                return line;
            }
        }
        return "?";
    }

    // ---- probes, intactness, restarts ------------------------------------------------------

    private void probe(String when) {
        if (target.broker()) {
            RemotingCommand r = call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader("Kept", "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false)), when);
            if (r != null && r.code() != ResponseCode.SUCCESS) {
                violations.add(when + ": a well-formed topic update was refused: " + r.code() + " " + r.remark());
            }
            sendAcknowledged();
        } else {
            RemotingCommand r = call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO, null), when);
            if (r != null && r.code() != ResponseCode.SUCCESS) {
                violations.add(when + ": GET_BROKER_CLUSTER_INFO refused: " + r.code() + " " + r.remark());
            }
        }
    }

    private void checkAcknowledgedIntact(String when) {
        if (!target.broker()) {
            return;
        }
        for (FramePools.AckedMessage m : pools.acked()) {
            RemotingCommand r = call(RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID,
                    new ViewMessageRequestHeader(m.commitLogOffset())), when);
            byte[] read = r == null || r.code() != ResponseCode.SUCCESS ? null : r.bodyBytes();
            if (!Arrays.equals(read, m.stored())) {
                violations.add(when + ": acknowledged message at " + m.commitLogOffset() + " does not read back intact"
                        + (r == null ? "" : " (" + r.code() + " " + r.remark() + ")"));
                return;
            }
        }
    }

    /** Stops the node (cleanly, or as kill -9), starts it again and checks it serves what it held. */
    private void restartAndCheck(boolean crash) {
        String how = crash ? "after a crash and restart" : "after a clean stop and restart";
        String kvBefore = target == FrameTarget.NAMESRV ? node.nodeAs(NameServer.class).kvConfigJson() : null;
        if (crash) {
            node.crash(CrashKind.PROCESS);
        } else {
            node.shutdown();
            sim.runUntil(() -> node.state() == SimNode.State.DOWN, 60_000);
        }
        node.start();
        restarts++;
        sim.runFor(1_000);
        cluster.awaitReady(60_000);
        if (target == FrameTarget.NAMESRV && !node.nodeAs(NameServer.class).kvConfigJson().equals(kvBefore)) {
            violations.add(how + ": the NameServer's KV config differs");
        }
        checkAcknowledgedIntact(how);
        probe(how);
    }

}
