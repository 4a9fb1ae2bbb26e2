package io.petrel.scenarios.frames;

import io.petrel.client.ClientNode;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.LocalTransactionState;
import io.petrel.client.Message;
import io.petrel.client.MessageExt;
import io.petrel.client.MessageListenerConcurrently;
import io.petrel.client.ProducerConfig;
import io.petrel.client.PushConsumer;
import io.petrel.client.TransactionListener;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.Sabotage;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetConsumerRunningInfoRequestHeader;
import io.petrel.remoting.header.AdminHeaders.GetConsumerStatusRequestHeader;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.SimulationFailure;
import io.petrel.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One frame-fuzz run against a Petrel client (issue 23's broker-to-client codes): a client node hosts
 * a push consumer of FuzzGroup (topics FuzzA on the real broker and FuzzB on a {@link BrokerDouble})
 * and one of {@value ClientState#KEPT_GROUP}, a group and topic no fuzzed frame names. The double
 * writes {@code frames} fuzzed frames of {@link RequestShapes#client()} onto the connection the client
 * opened to it, and after every frame the run checks:
 * <ul>
 *   <li>the client node is up, and every {@value FrameFuzzRun#PROBE_EVERY} frames answers a
 *       well-formed GET_CONSUMER_RUNNING_INFO and GET_CONSUMER_STATUS_FROM_CLIENT;</li>
 *   <li>a refusal carries a remark, never an exception's text, and names the header field that was
 *       missing or did not parse; an exception out of a processor fails the run at once;</li>
 *   <li>the client logs nothing at ERROR, and a refused request changes no consumer's subscriptions
 *       or offsets (an accepted reset or direct consumption may have its effects, which are let settle
 *       before the next frame);</li>
 *   <li>every message sent to {@value ClientState#KEPT_GROUP} through the real broker during the run
 *       (one every {@value #KEPT_EVERY} frames) is delivered, at the end and after a clean stop and a
 *       crash of the client node with a restart each.</li>
 * </ul>
 * RESET_CONSUMER_CLIENT_OFFSET, NOTIFY_CONSUMER_IDS_CHANGED and CHECK_TRANSACTION_STATE are answered
 * with nothing when accepted (as by RocketMQ's client; a check gets a separate oneway END_TRANSACTION
 * from the client's transactional producer, whose listener answers UNKNOW), so they are followed by a
 * barrier like oneway frames; a refusal of one (a header that does not decode) is still checked.
 */
public final class ClientFrameFuzzRun {

    static final int KEPT_EVERY = 250;
    static final int FUZZ_AT_START = 8;
    private static final String BROKER = "broker-a";
    private static final String CLIENT = "client-fz";
    private static final String FUZZ_GROUP = "FuzzGroup";
    private static final Set<Integer> QUIET_CODES = Set.of(RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
            RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, RequestCode.CHECK_TRANSACTION_STATE);

    private final long seed;
    private final long frames;
    private final Set<Sabotage> sabotage;
    private final Simulator sim;
    private final SimCluster cluster;
    private SimNode clientNode;
    private final SimNode doubleNode;
    private final BrokerSide brokerSide;
    private final FramePools pools;
    private final FrameMutator mutator;
    private final FrameChecks checks;
    private final Map<Mutation, Long> byMutation = new EnumMap<>(Mutation.class);
    private final Set<Integer> codes = new TreeSet<>();
    private final Set<String> keptDelivered = new LinkedHashSet<>();
    private long fuzzConsumed;
    private long answered;
    private long sent;
    private int restarts;
    private int sendCounter;

    public ClientFrameFuzzRun(long seed, long frames, Set<Sabotage> sabotage) {
        this.seed = seed;
        this.frames = frames;
        this.sim = new Simulator(seed);
        this.cluster = new SimCluster(sim);
        cluster.addNamesrv();
        cluster.addBroker(BROKER, Map.of(), Sabotage.none());
        this.doubleNode = sim.addNode(BrokerDouble.BROKER_NAME, "10.0.2.9",
                env -> new BrokerDouble(env, "10.0.2.9", cluster.namesrvAddresses()));
        this.brokerSide = new BrokerSide(sim, cluster, BROKER);
        this.pools = new FramePools(BROKER, cluster.brokerAddress(BROKER).toString());
        this.mutator = new FrameMutator(sim.stream("frames", "mutations"), RequestShapes.client(), pools);
        this.checks = new FrameChecks(CLIENT);
        sim.log().watch(checks::onLogLine);
        this.sabotage = Sabotage.copyOf(sabotage);
    }

    public FrameFuzzResult run() {
        long start = System.nanoTime();
        try {
            setUp();
            for (long i = 0; i < frames && !checks.full(); i++) {
                fuzzOne(i);
                if ((i + 1) % KEPT_EVERY == 0) {
                    brokerSide.sendKept(checks);
                }
                if ((i + 1) % FrameFuzzRun.PROBE_EVERY == 0) {
                    probe("after frame " + i);
                }
            }
            probe("at the end");
            checkKeptDelivered("at the end");
            restartAndCheck(false);
            restartAndCheck(true);
        } catch (SimulationFailure e) {
            checks.onBug(e);
        } finally {
            sim.close();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new FrameFuzzResult(FrameTarget.CLIENT, seed, sent, answered, checks.refused(), dbl().closes(),
                byMutation, codes.size(), brokerSide.keptSent().size(), restarts, checks.violations(), wall,
                sim.elapsedMs());
    }

    /** The client node's application: FuzzGroup on FuzzA and FuzzB, and the never-named kept group. */
    private void application(ClientNode node) {
        PushConsumer fuzz = node.pushConsumer(ConsumerConfig.builder(FUZZ_GROUP)
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).awaitTerminationMillisWhenShutdown(3_000)
                .build());
        fuzz.subscribe("FuzzA", "*");
        fuzz.subscribe(BrokerDouble.TOPIC, "*");
        fuzz.registerMessageListener((MessageListenerConcurrently) (messages, context, done) -> {
            fuzzConsumed += messages.size();
            done.accept(ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        });
        fuzz.start();
        PushConsumer kept = node.pushConsumer(ConsumerConfig.builder(ClientState.KEPT_GROUP)
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).awaitTerminationMillisWhenShutdown(3_000)
                .build());
        kept.subscribe(ClientState.KEPT_GROUP, "*");
        kept.registerMessageListener((MessageListenerConcurrently) (messages, context, done) -> {
            messages.forEach(m -> keptDelivered.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            done.accept(ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        });
        kept.start();
        node.startProducer(ProducerConfig.of(WellFormed.TRANSACTION_GROUP)).setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return LocalTransactionState.UNKNOW;
            }
        });
    }

    private BrokerDouble dbl() {
        return doubleNode.nodeAs(BrokerDouble.class);
    }

    private ClientNode client() {
        return clientNode.nodeAs(ClientNode.class);
    }

    private ClientState state() {
        return ClientState.of(client(), keptDelivered.size());
    }

    // ---- set-up --------------------------------------------------------------------------

    private void setUp() {
        doubleNode.start();
        cluster.awaitReady(30_000);
        brokerSide.createTopic("FuzzA", checks);
        brokerSide.createTopic(ClientState.KEPT_GROUP, checks);
        for (int i = 0; i < FUZZ_AT_START; i++) {
            brokerSide.sendFuzzA(i, pools, checks);
        }
        clientNode = cluster.addClient(CLIENT, sabotage, this::application);
        brokerSide.sendKept(checks);
        boolean ready = sim.runUntil(() -> dbl().isConnected() && fuzzConsumed >= FUZZ_AT_START
                && keptDelivered.containsAll(brokerSide.keptSent()) && ownsAllQueues(), 120_000);
        if (!ready) {
            checks.add("set-up: the client did not connect to " + BrokerDouble.BROKER_NAME + " and consume (connected "
                    + dbl().isConnected() + ", FuzzGroup consumed " + fuzzConsumed + ")");
        }
        settle();
        checks.clearErrorLines();
    }

    /** Whether the consumers own FuzzA's, FuzzB's and ClientKept's 4 queues each (retry queues aside). */
    private boolean ownsAllQueues() {
        return client().pushConsumers().stream().mapToInt(c -> c.ownedQueues().size()).sum() >= 3 * 4;
    }

    // ---- one frame -----------------------------------------------------------------------

    private void fuzzOne(long index) {
        FuzzFrame frame = mutator.next();
        byMutation.merge(frame.mutation(), 1L, Long::sum);
        codes.add(frame.code());
        if (!ensureConnected("before frame " + index)) {
            return;
        }
        ClientState before = state();
        dbl().forgetResponses();
        long on = dbl().connectionId();
        dbl().send(frame.payload());
        sent++;
        boolean decodes = !frame.oneway() && !frame.mutation().breaksFraming();
        boolean awaited = decodes && !QUIET_CODES.contains(frame.code());
        RemotingCommand response = null;
        if (awaited) {
            sim.runUntil(() -> dbl().answered(frame.opaque()) || !dbl().stillOn(on), 20_000);
            response = dbl().take(frame.opaque());
        }
        String where = "frame " + index + " (" + frame.describe() + ")";
        if (response == null) {
            barrier(where);
            // The client serves one connection in order: a quiet code's refusal came before the barrier's.
            response = decodes ? dbl().take(frame.opaque()) : null;
        }
        dbl().forgetResponses();
        if (!clientNode.isUp()) {
            checks.add(where + ": the client node went down");
            throw new SimulationFailure(seed, where + ": the client node went down", null);
        }
        if (response != null) {
            answered++;
            if (checks.isRefusal(where, frame, response, ResponseCode.SUCCESS)) {
                String changed = state().differenceFrom(before);
                if (changed != null) {
                    checks.add(where + ": refused with " + response.code() + " (" + response.remark() + ") but "
                            + changed);
                }
            }
        }
        checks.checkQuiet(where);
        if (state().differenceFrom(before) != null) {
            settle();
        }
    }

    /**
     * Lets an accepted reset (or a consumption it started) finish before the next frame's state is
     * read: runs a second at a time until two readings a second apart agree and FuzzGroup holds no
     * pulled message, for at most 30 s.
     */
    private void settle() {
        ClientState last = state();
        for (int i = 0; i < 30; i++) {
            sim.runFor(1_000);
            ClientState now = state();
            boolean idle = client().pushConsumers().stream().allMatch(c -> c.cachedMessages() == 0);
            if (idle && now.differenceFrom(last) == null && now.offsets().equals(last.offsets())) {
                return;
            }
            last = now;
        }
    }

    private boolean ensureConnected(String what) {
        if (dbl().isConnected()) {
            return true;
        }
        sim.runUntil(() -> dbl().isConnected(), 60_000);
        if (!dbl().isConnected()) {
            checks.add(what + ": the client did not connect to " + BrokerDouble.BROKER_NAME + " again within 60 s");
            return false;
        }
        return true;
    }

    /** A well-formed request to the client on the double's connection; its answer, or null (and a violation). */
    private RemotingCommand call(RemotingCommand request, String what) {
        if (!ensureConnected(what)) {
            return null;
        }
        int opaque = 500_000_000 + sendCounter++;
        request.opaque(opaque);
        long on = dbl().connectionId();
        dbl().send(RemotingCodec.encode(request));
        sim.runUntil(() -> dbl().answered(opaque) || !dbl().stillOn(on), 30_000);
        RemotingCommand r = dbl().take(opaque);
        if (r == null) {
            checks.add(what + ": a well-formed request got no answer from the client");
        }
        return r;
    }

    /**
     * Lets the client finish with every frame sent so far (see {@link FrameFuzzRun}'s barrier): a
     * read-only GET_CONSUMER_STATUS_FROM_CLIENT, answered after the frame or with the connection closed.
     */
    private void barrier(String where) {
        if (!dbl().isConnected()) {
            return;
        }
        int opaque = 500_000_000 + sendCounter++;
        RemotingCommand r = RemotingCommand.request(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT,
                new GetConsumerStatusRequestHeader("FuzzA", FUZZ_GROUP, null));
        r.opaque(opaque);
        long on = dbl().connectionId();
        dbl().send(RemotingCodec.encode(r));
        sim.runUntil(() -> dbl().answered(opaque) || !dbl().stillOn(on), 30_000);
        if (!dbl().answered(opaque) && dbl().stillOn(on)) {
            checks.add(where + ": the client neither answered a read-only request nor closed the connection");
        }
    }

    // ---- probes, deliveries, restarts -------------------------------------------------------

    private void probe(String when) {
        RemotingCommand info = call(RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO,
                new GetConsumerRunningInfoRequestHeader(FUZZ_GROUP, client().instance().clientId(), false)), when);
        if (info != null && info.code() != ResponseCode.SUCCESS) {
            checks.add(when + ": GET_CONSUMER_RUNNING_INFO of FuzzGroup refused: " + info.code() + " " + info.remark());
        }
        RemotingCommand status = call(RemotingCommand.request(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT,
                new GetConsumerStatusRequestHeader("FuzzA", FUZZ_GROUP, null)), when);
        if (status != null && status.code() != ResponseCode.SUCCESS) {
            checks.add(when + ": GET_CONSUMER_STATUS_FROM_CLIENT refused: " + status.code() + " " + status.remark());
        }
    }

    private void checkKeptDelivered(String when) {
        List<String> keptSent = brokerSide.keptSent();
        sim.runUntil(() -> keptDelivered.containsAll(keptSent), 60_000);
        List<String> missing = new ArrayList<>(keptSent);
        missing.removeAll(keptDelivered);
        if (!missing.isEmpty()) {
            checks.add(when + ": " + missing.size() + " of " + keptSent.size() + " messages sent to "
                    + ClientState.KEPT_GROUP + " were not delivered within 60 s, first " + missing.get(0));
        }
    }

    /** Stops the client node (cleanly, or as kill -9), starts it again and checks the kept group consumes. */
    private void restartAndCheck(boolean crash) {
        String how = crash ? "after a crash and restart" : "after a clean stop and restart";
        if (crash) {
            clientNode.crash(CrashKind.PROCESS);
        } else {
            clientNode.shutdown();
            sim.runUntil(() -> clientNode.state() == SimNode.State.DOWN, 60_000);
        }
        brokerSide.sendKept(checks);
        clientNode.start();
        restarts++;
        brokerSide.sendKept(checks);
        checkKeptDelivered(how);
        probe(how);
        checks.checkQuiet(how);
    }
}
