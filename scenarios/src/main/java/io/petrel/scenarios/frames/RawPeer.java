package io.petrel.scenarios.frames;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCodecException;
import io.petrel.remoting.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A simulated peer that writes raw frame payloads on one connection, whatever they hold, and keeps
 * the responses it gets back by opaque. It reconnects when the node closes the connection (as it
 * does after a frame that does not decode). Driven from the test thread between simulator steps.
 */
final class RawPeer implements Node, ConnectionHandler {

    private final Env env;
    private Connection connection;
    private boolean connecting;
    private String connectFailure;
    private final Map<Integer, RemotingCommand> responses = new HashMap<>();
    private long closes;
    private long undecodableAnswers;

    RawPeer(Env env) {
        this.env = env;
    }

    @Override
    public void start() {
        // Nothing until the fuzzer connects.
    }

    @Override
    public void shutdown(Runnable done) {
        if (connection != null) {
            connection.close();
        }
        done.run();
    }

    boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    boolean isConnecting() {
        return connecting;
    }

    String connectFailure() {
        return connectFailure;
    }

    long closes() {
        return closes;
    }

    long undecodableAnswers() {
        return undecodableAnswers;
    }

    void connect(Address remote) {
        connecting = true;
        connectFailure = null;
        env.network().connect(remote, 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                connecting = false;
                connection = c;
                return RawPeer.this;
            }

            @Override
            public void onConnectFailed(Address address, String reason) {
                connecting = false;
                connectFailure = reason;
            }
        });
    }

    boolean send(ByteBuffer payload) {
        return connection != null && connection.send(payload.duplicate());
    }

    /** The response to {@code opaque}, removed; null when none came. */
    RemotingCommand take(int opaque) {
        return responses.remove(opaque);
    }

    /** Drops every response kept so far: the next frame's answer must come after it was sent. */
    void forgetResponses() {
        responses.clear();
    }

    boolean answered(int opaque) {
        return responses.containsKey(opaque);
    }

    @Override
    public void onFrame(Connection c, ByteBuffer frame) {
        try {
            RemotingCommand command = RemotingCodec.decode(frame);
            if (command.isResponse()) {
                responses.put(command.opaque(), command);
            }
        } catch (RemotingCodecException e) {
            undecodableAnswers++;
        }
    }

    @Override
    public void onClose(Connection c, CloseCause cause) {
        if (c == connection) {
            closes++;
            connection = null;
        }
    }
}
