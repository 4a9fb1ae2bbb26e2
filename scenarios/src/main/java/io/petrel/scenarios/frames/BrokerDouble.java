package io.petrel.scenarios.frames;

import io.petrel.common.Crc32;
import io.petrel.common.DataVersion;
import io.petrel.common.RegisterBrokerBody;
import io.petrel.common.RegisterBrokerBodyCodec;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicFilterType;
import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCodecException;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerRequestHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame fuzzer's way onto a client's connection: a stand-in broker that registers with the real
 * NameServer as master {@value #BROKER_NAME} serving topic {@value #TOPIC} (4 queues) every 30 s of
 * virtual time, as a broker's registrar does, so that a client subscribed to the topic connects to it.
 * It answers the client's own requests minimally and correctly ({@link DoubleAnswers}) and lets the
 * fuzz run write raw frames onto the newest connection a client opened, keeping the responses by
 * opaque as {@link RawPeer} does. Driven on its node's loop and, between simulator steps, from the
 * fuzz run. A crash loses its connections; it keeps nothing on disk.
 */
final class BrokerDouble implements Node, ConnectionHandler {

    static final String BROKER_NAME = "broker-fz";
    static final String TOPIC = "FuzzB";
    static final int PORT = 10911;
    private static final long REGISTER_EVERY_MS = 30_000;

    private final Env env;
    private final List<Address> namesrvs;
    private final Address address;
    private final RemotingClient namesrvClient;
    private final DoubleAnswers answers;
    private final Map<Integer, RemotingCommand> responses = new HashMap<>();
    private final List<Connection> open = new ArrayList<>();
    private Listener listener;
    private Connection current;
    private long accepted;
    private long closes;
    private boolean stopped;

    BrokerDouble(Env env, String host, List<Address> namesrvs) {
        this.env = env;
        this.namesrvs = List.copyOf(namesrvs);
        this.address = new Address(host, PORT);
        this.namesrvClient = new RemotingClient(env, new RequestDispatcher(env), 3_000);
        this.answers = new DoubleAnswers(env);
    }

    @Override
    public void start() {
        listener = env.network().listen(address, c -> {
            accepted++;
            open.add(c);
            current = c;
            return this;
        });
        register();
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        List.copyOf(open).forEach(Connection::close);
        if (listener != null) {
            listener.close();
        }
        namesrvClient.stop();
        done.run();
    }

    private void register() {
        if (stopped) {
            return;
        }
        TopicConfig topic = new TopicConfig(TOPIC, 4, 4, 6, TopicFilterType.SINGLE_TAG, 0, false);
        byte[] body = RegisterBrokerBodyCodec.encode(new RegisterBrokerBody(new TopicConfigSerializeWrapper(
                Map.of(TOPIC, topic), new DataVersion(1, 0)), new ArrayList<>()), false);
        for (Address namesrv : namesrvs) {
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER,
                    new RegisterBrokerRequestHeader(BROKER_NAME, address.toString(), "DefaultCluster",
                            address.host() + ":" + (PORT + 1), 0L, false, Crc32.masked(body))).body(body);
            namesrvClient.invoke(namesrv, request, 3_000, ResponseCallback.of(r -> { }, f -> { }));
        }
        env.scheduler().schedule(REGISTER_EVERY_MS, this::register);
    }

    Address address() {
        return address;
    }

    /** Whether a client's connection is open to write frames on. */
    boolean isConnected() {
        return current != null && current.isOpen();
    }

    /** The id of the connection frames go out on now, or -1. */
    long connectionId() {
        return isConnected() ? current.id() : -1;
    }

    /**
     * Whether the connection {@code id} is still the one frames go out on: a client that closed it
     * may have opened the next before this side learnt of the close.
     */
    boolean stillOn(long id) {
        return isConnected() && current.id() == id;
    }

    /** Connections clients opened so far, and how many of them closed. */
    long accepted() {
        return accepted;
    }

    long closes() {
        return closes;
    }

    /** Writes a raw frame payload on the newest client connection. */
    boolean send(ByteBuffer payload) {
        return isConnected() && current.send(payload.duplicate());
    }

    RemotingCommand take(int opaque) {
        return responses.remove(opaque);
    }

    boolean answered(int opaque) {
        return responses.containsKey(opaque);
    }

    void forgetResponses() {
        responses.clear();
    }

    @Override
    public void onFrame(Connection c, ByteBuffer frame) {
        RemotingCommand command;
        try {
            command = RemotingCodec.decode(frame);
        } catch (RemotingCodecException e) {
            // A client never sends a frame that does not decode; a broker closes such a connection.
            env.log().warn("closing connection from {}: undecodable frame: {}", c.remoteAddress(), e.getMessage());
            c.close();
            return;
        }
        if (command.isResponse()) {
            responses.put(command.opaque(), command);
        } else {
            answers.onRequest(c, command);
        }
    }

    @Override
    public void onClose(Connection c, CloseCause cause) {
        open.remove(c);
        if (c == current) {
            closes++;
            current = null;
        }
    }
}
