package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.Check;
import io.petrel.env.Address;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;
import io.petrel.sim.SimulationFailure;
import io.petrel.sim.Simulator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RPC layer between a server node and a client node in simulation. */
class RemotingRpcSimTest {

    record EchoHeader(@Required String text) {
    }

    record EchoResponseHeader(@Required String echoed) {
    }

    private static final Address SERVER = new Address("10.0.0.1", 9876);
    private static final int ECHO = 9001;
    private static final int SLOW = 9002;
    private static final int NOTIFY = 9003;
    private static final int BUGGY = 9004;
    private static final int DISK_FAULT = 9005;

    /** A node that only exists to host a server or client; the test drives it. */
    static final class Host implements Node {
        final Env env;
        RemotingServer server;
        RemotingClient client;
        final List<RemotingCommand> notifications = new ArrayList<>();

        Host(Env env) {
            this.env = env;
        }

        @Override
        public void start() {
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }
    }

    private Simulator sim;
    private Host server;
    private Host client;
    private final List<RemotingCommand> responses = new ArrayList<>();
    private final List<RemotingFailure> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sim = new Simulator(99);
        SimNode s = sim.addNode("namesrv", "10.0.0.1", Host::new);
        SimNode c = sim.addNode("client", "10.0.0.2", Host::new);
        s.start();
        c.start();
        sim.runFor(1);
        server = s.nodeAs(Host.class);
        client = c.nodeAs(Host.class);
        RequestDispatcher dispatcher = new RequestDispatcher(server.env)
                .register(ECHO, (ch, req) -> {
                    EchoHeader h = req.decodeHeader(EchoHeader.class);
                    ch.reply(req, RemotingCommand.success().header(new EchoResponseHeader(h.text())).body(req.body()));
                })
                .register(SLOW, (ch, req) -> server.env.scheduler().schedule(5_000,
                        () -> ch.reply(req, RemotingCommand.success())))
                .register(NOTIFY, (ch, req) -> ch.reply(req, RemotingCommand.success()))
                .register(BUGGY, (ch, req) -> Check.state(false, "a bug in a processor"))
                .register(DISK_FAULT, (ch, req) -> {
                    throw new DiskException(DiskException.Kind.IO_ERROR, "/store/commitlog/0", "read failed");
                });
        server.server = new RemotingServer(server.env, dispatcher, 120_000);
        server.server.listen(SERVER);
        RequestDispatcher clientSide = new RequestDispatcher(client.env)
                .register(NOTIFY, (ch, req) -> client.notifications.add(req));
        client.client = new RemotingClient(client.env, clientSide, 3_000);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private void call(RemotingCommand request, long timeoutMs) {
        client.client.invoke(SERVER, request, timeoutMs, ResponseCallback.of(responses::add, failures::add));
    }

    @Test
    void matchesResponsesToRequestsInBothSerializations() {
        for (SerializeType type : SerializeType.values()) {
            for (int i = 0; i < 5; i++) {
                call(RemotingCommand.request(ECHO, new EchoHeader(type + "-" + i)).serializeType(type)
                        .body(new byte[] {(byte) i}), 3_000);
            }
        }
        sim.runFor(1_000);
        assertThat(failures).isEmpty();
        assertThat(responses).hasSize(10);
        for (int i = 0; i < 10; i++) {
            RemotingCommand r = responses.get(i);
            SerializeType type = SerializeType.values()[i / 5];
            assertThat(r.serializeType()).as("answered in the request's serialization").isEqualTo(type);
            assertThat(r.decodeHeader(EchoResponseHeader.class).echoed()).isEqualTo(type + "-" + (i % 5));
            assertThat(r.bodyBytes()).containsExactly((byte) (i % 5));
            assertThat(r.version()).isEqualTo(409);
        }
    }

    @Test
    void anUnknownCodeIsAnsweredWithRequestCodeNotSupported() {
        call(RemotingCommand.request(4242, null), 3_000);
        sim.runFor(1_000);
        assertThat(responses).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(r.remark()).isEqualTo(" request type 4242 not supported");
        });
    }

    @Test
    void aMissingHeaderFieldIsAnsweredWithSystemErrorAndTheConnectionStaysUp() {
        call(RemotingCommand.request(ECHO, null), 3_000);
        call(RemotingCommand.request(ECHO, new EchoHeader("after")), 3_000);
        sim.runFor(1_000);
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(responses.get(0).remark()).isEqualTo("missing required header field 'text' in code 9001");
        assertThat(responses.get(1).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    /**
     * A processor's own bug is not answered away: in simulation the node's BugHandler rethrows, so
     * the run stops at that event with its seed (production answers SYSTEM_ERROR, see io-real's
     * RequestDispatcherBugTest).
     */
    @Test
    void aBugInAProcessorStopsTheSimulationInsteadOfBecomingAnAnswer() {
        call(RemotingCommand.request(BUGGY, null), 3_000);
        assertThatThrownBy(() -> sim.runFor(1_000)).isInstanceOf(SimulationFailure.class)
                .hasMessageContaining("node namesrv threw").hasMessageContaining("a bug in a processor")
                .hasMessageContaining("seed");
        assertThat(responses).isEmpty();
    }

    /** Production's contract, with a BugHandler that records and returns as io-real's BugLog does. */
    @Test
    void withAHandlerThatReturnsABugIsAnsweredSystemErrorAndReportedOncePerRequest() {
        List<String> reported = new ArrayList<>();
        RequestDispatcher production = new RequestDispatcher(server.env.log(),
                (what, bug) -> reported.add(what + ": " + bug.getMessage()))
                .register(BUGGY, (ch, req) -> Check.state(false, "a bug in a processor"));
        Address other = new Address("10.0.0.1", 9877);
        new RemotingServer(server.env, production, 120_000).listen(other);
        client.client.invoke(other, RemotingCommand.request(BUGGY, null), 3_000, ResponseCallback.of(responses::add,
                failures::add));
        client.client.invoke(other, RemotingCommand.request(BUGGY, null), 3_000, ResponseCallback.of(responses::add,
                failures::add));
        sim.runFor(1_000);
        assertThat(responses).hasSize(2).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(r.remark()).contains("a bug in a processor");
        });
        assertThat(reported).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("processing ")
                .contains("from 10.0.0.2").endsWith("a bug in a processor"));
    }

    @Test
    void aDiskFaultUnderARequestIsAnsweredWithSystemErrorNamingTheFile() {
        call(RemotingCommand.request(DISK_FAULT, null), 3_000);
        sim.runFor(1_000);
        assertThat(responses).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(r.remark()).contains("disk error").contains("/store/commitlog/0: read failed");
        });
        assertThat(sim.log().recent()).anyMatch(l -> l.contains("ERROR") && l.contains("disk error while processing"));
    }

    @Test
    void aSlowAnswerTimesOutAndItsLateResponseIsDropped() {
        call(RemotingCommand.request(SLOW, null), 1_000);
        sim.runFor(999);
        assertThat(failures).isEmpty();
        sim.runFor(10_000);
        assertThat(failures).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(RemotingFailure.Kind.TIMEOUT));
        assertThat(responses).isEmpty();
    }

    @Test
    void onewayRequestsGetNoResponse() {
        client.client.invokeOneway(SERVER, RemotingCommand.request(NOTIFY, null));
        call(RemotingCommand.request(ECHO, new EchoHeader("x")), 3_000);
        sim.runFor(1_000);
        assertThat(responses).hasSize(1);
    }

    @Test
    void theServerCanCallTheClientOnTheClientsConnection() {
        call(RemotingCommand.request(ECHO, new EchoHeader("hello")), 3_000);
        sim.runFor(100);
        RemotingChannel toClient = server.server.channels().iterator().next();
        toClient.invokeOneway(RemotingCommand.request(NOTIFY, new EchoHeader("ids changed")));
        sim.runFor(100);
        assertThat(client.notifications).singleElement()
                .satisfies(n -> assertThat(n.isOneway()).isTrue());
    }

    @Test
    void pendingRequestsFailAtOnceWhenTheServerDies() {
        call(RemotingCommand.request(SLOW, null), 30_000);
        sim.runFor(100);
        sim.node("namesrv").crash(CrashKind.PROCESS);
        sim.runFor(100);
        assertThat(failures).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(RemotingFailure.Kind.CONNECTION_CLOSED));
    }

    @Test
    void noServerMeansConnectFailed() {
        client.client.invoke(new Address("10.0.0.1", 1), RemotingCommand.request(ECHO, new EchoHeader("x")), 3_000,
                ResponseCallback.of(responses::add, failures::add));
        sim.runFor(1_000);
        assertThat(failures).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo(RemotingFailure.Kind.CONNECT_FAILED));
    }

    @Test
    void anUndecodableFrameClosesThatConnectionAndTheNextCallReconnects() {
        call(RemotingCommand.request(ECHO, new EchoHeader("first")), 3_000);
        sim.runFor(100);
        RemotingChannel clientChannel = client.client.channel(SERVER);
        // As if the server had sent 4 bytes of garbage: an unknown serialize type.
        clientChannel.onFrame(null, ByteBuffer.wrap(new byte[] {9, 9, 9, 9}));
        sim.runFor(100);
        assertThat(client.client.channel(SERVER)).isNull();
        assertThat(server.server.channels()).isEmpty();
        call(RemotingCommand.request(ECHO, new EchoHeader("reconnected")), 3_000);
        sim.runFor(100);
        assertThat(responses).extracting(r -> r.decodeHeader(EchoResponseHeader.class).echoed())
                .containsExactly("first", "reconnected");
    }

    @Test
    void idleConnectionsAreClosedByTheServer() {
        call(RemotingCommand.request(ECHO, new EchoHeader("x")), 3_000);
        sim.runFor(100);
        assertThat(server.server.channels()).hasSize(1);
        sim.runFor(140_000);
        assertThat(server.server.channels()).isEmpty();
    }
}
