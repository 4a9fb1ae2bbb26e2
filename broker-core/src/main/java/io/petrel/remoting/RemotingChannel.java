package io.petrel.remoting;

import io.petrel.env.Address;
import io.petrel.env.Cancellable;
import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One connection speaking the remoting protocol, in both directions: it sends requests and matches
 * their responses by opaque (with a timeout through the Scheduler), and it hands incoming requests
 * to a {@link RequestDispatcher} and writes their replies in the request's serialization.
 *
 * <p>A frame that does not decode closes the connection with a logged reason (the peer is broken
 * or hostile; RocketMQ does the same). When the connection closes, every pending request fails at
 * once with CONNECTION_CLOSED rather than waiting for its timeout. Single-threaded on the node's loop.
 */
public final class RemotingChannel implements ConnectionHandler {

    private static final class Pending {
        final ResponseCallback callback;
        final Cancellable timeout;

        Pending(ResponseCallback callback, Cancellable timeout) {
            this.callback = callback;
            this.timeout = timeout;
        }
    }

    private final Env env;
    private final Connection connection;
    private final RequestDispatcher dispatcher;
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    private final List<Consumer<RemotingChannel>> closeListeners = new ArrayList<>();
    private int nextOpaque;
    private long lastActivityNanos;
    private boolean closed;
    private Object attachment;

    public RemotingChannel(Env env, Connection connection, RequestDispatcher dispatcher) {
        this.env = env;
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.lastActivityNanos = env.clock().nanoTime();
    }

    public long id() {
        return connection.id();
    }

    public Address remoteAddress() {
        return connection.remoteAddress();
    }

    public Address localAddress() {
        return connection.localAddress();
    }

    public boolean isOpen() {
        return !closed && connection.isOpen();
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Something the owner keeps with the channel (a client's identity, a broker's address). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    public void onClosed(Consumer<RemotingChannel> listener) {
        closeListeners.add(listener);
    }

    /** Sends a request; the callback runs exactly once with the response or the failure. */
    public void invoke(RemotingCommand request, long timeoutMs, ResponseCallback callback) {
        int opaque = nextOpaque++;
        request.opaque(opaque);
        if (!isOpen()) {
            failLater(callback, RemotingFailure.Kind.SEND_FAILED, "connection to " + remoteAddress() + " is closed");
            return;
        }
        Cancellable timer = env.scheduler().schedule(timeoutMs, () -> {
            Pending p = pending.remove(opaque);
            if (p != null) {
                env.log().probe("remoting-request-timeout");
                p.callback.onFailure(new RemotingFailure(RemotingFailure.Kind.TIMEOUT, "no response from "
                        + remoteAddress() + " to " + RequestCode.describe(request.code()) + " within " + timeoutMs + " ms"));
            }
        });
        pending.put(opaque, new Pending(callback, timer));
        if (!write(request)) {
            pending.remove(opaque);
            timer.cancel();
            failLater(callback, RemotingFailure.Kind.SEND_FAILED, "could not write to " + remoteAddress());
        }
    }

    /** Sends a request that wants no response. Returns whether it was written. */
    public boolean invokeOneway(RemotingCommand request) {
        request.opaque(nextOpaque++);
        request.markOneway();
        return isOpen() && write(request);
    }

    /**
     * Answers {@code request}: the response gets its opaque, the response flag and its
     * serialization. Nothing is sent for a oneway request or on a closed channel.
     */
    public void reply(RemotingCommand request, RemotingCommand response) {
        if (request.isOneway() || !isOpen()) {
            return;
        }
        response.opaque(request.opaque());
        response.flag(response.flag() | RemotingCommand.FLAG_RESPONSE);
        response.serializeType(request.serializeType());
        response.version(RemotingCommand.VERSION_4_9_8);
        boolean written = write(response);
        dispatcher.onReplied(request, response.code(), written, lastActivityNanos);
    }

    private boolean write(RemotingCommand command) {
        ByteBuffer frame;
        try {
            frame = RemotingCodec.encode(command);
        } catch (IllegalArgumentException e) {
            env.log().warn("cannot encode {} for {}: {}", command, remoteAddress(), e.getMessage());
            return false;
        }
        lastActivityNanos = env.clock().nanoTime();
        return connection.send(frame);
    }

    private void failLater(ResponseCallback callback, RemotingFailure.Kind kind, String message) {
        env.scheduler().execute(() -> callback.onFailure(new RemotingFailure(kind, message)));
    }

    public void close() {
        connection.close();
    }

    @Override
    public void onFrame(Connection c, ByteBuffer frame) {
        long receivedNanos = env.clock().nanoTime();
        lastActivityNanos = receivedNanos;
        RemotingCommand command;
        try {
            command = RemotingCodec.decode(frame);
        } catch (RemotingCodecException e) {
            env.log().warn("closing connection from {}: undecodable frame: {}", remoteAddress(), e.getMessage());
            connection.close();
            return;
        }
        if (command.isResponse()) {
            Pending p = pending.remove(command.opaque());
            if (p == null) {
                env.log().debug("response with no matching request from {}: {}", remoteAddress(), command);
                return;
            }
            p.timeout.cancel();
            p.callback.onResponse(command);
        } else {
            dispatcher.dispatch(this, command.receivedNanos(receivedNanos));
        }
    }

    @Override
    public void onClose(Connection c, CloseCause cause) {
        closed = true;
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : failed) {
            p.timeout.cancel();
            p.callback.onFailure(new RemotingFailure(RemotingFailure.Kind.CONNECTION_CLOSED,
                    "connection to " + remoteAddress() + " closed: " + cause));
        }
        for (Consumer<RemotingChannel> listener : List.copyOf(closeListeners)) {
            listener.accept(this);
        }
    }

    @Override
    public String toString() {
        return "channel#" + id() + " " + localAddress() + "->" + remoteAddress();
    }
}
