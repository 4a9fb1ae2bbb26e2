package io.petrel.remoting;

import io.petrel.env.Address;
import io.petrel.env.Cancellable;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Sends requests to addresses, keeping one connection per address: it connects on first use,
 * queues requests while connecting (their timeouts already running), and reconnects on the next
 * request after a connection closes. Requests the peer sends back on these connections (a broker
 * calling a client) go to the given dispatcher.
 */
public final class RemotingClient {

    private final Env env;
    private final RequestDispatcher dispatcher;
    private final long connectTimeoutMs;
    private final TreeMap<Address, Slot> slots = new TreeMap<>();
    private boolean stopped;
    private Consumer<RemotingCommand> beforeRequest = request -> { };

    /** One address: its channel, or the requests waiting for it. */
    private final class Slot {
        final Address address;
        RemotingChannel channel;
        boolean connecting;
        final List<Runnable> waiting = new ArrayList<>();
        final List<ResponseCallback> waitingCallbacks = new ArrayList<>();

        Slot(Address address) {
            this.address = address;
        }
    }

    public RemotingClient(Env env, RequestDispatcher dispatcher, long connectTimeoutMs) {
        this.env = env;
        this.dispatcher = dispatcher;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /**
     * Runs on every request just before it is sent (RocketMQ's client RPC hook): the client's ACL
     * signer, which must see the request's final ext fields and body.
     */
    public RemotingClient beforeRequest(Consumer<RemotingCommand> hook) {
        this.beforeRequest = hook;
        return this;
    }

    /** Sends {@code request} to {@code address}; the callback runs exactly once. */
    public void invoke(Address address, RemotingCommand request, long timeoutMs, ResponseCallback callback) {
        beforeRequest.accept(request);
        if (stopped) {
            env.scheduler().execute(() -> callback.onFailure(
                    new RemotingFailure(RemotingFailure.Kind.SEND_FAILED, "client is shut down")));
            return;
        }
        long deadline = env.clock().nanoTime() + timeoutMs * 1_000_000L;
        Slot slot = slots.computeIfAbsent(address, Slot::new);
        if (slot.channel != null && slot.channel.isOpen()) {
            slot.channel.invoke(request, timeoutMs, callback);
            return;
        }
        boolean[] settled = new boolean[1];
        ResponseCallback once = once(callback, settled);
        Cancellable timer = env.scheduler().schedule(timeoutMs, () -> {
            if (!settled[0]) {
                env.log().probe("remoting-request-timeout");
            }
            once.onFailure(new RemotingFailure(RemotingFailure.Kind.TIMEOUT,
                    "no connection to " + address + " within " + timeoutMs + " ms"));
        });
        slot.waitingCallbacks.add(once);
        slot.waiting.add(() -> {
            timer.cancel();
            if (!settled[0]) {
                long left = Math.max(1, (deadline - env.clock().nanoTime()) / 1_000_000L);
                slot.channel.invoke(request, left, once);
            }
        });
        connect(slot);
    }

    /** Sends a oneway request, connecting first if needed. */
    public void invokeOneway(Address address, RemotingCommand request) {
        beforeRequest.accept(request);
        if (stopped) {
            return;
        }
        Slot slot = slots.computeIfAbsent(address, Slot::new);
        if (slot.channel != null && slot.channel.isOpen()) {
            slot.channel.invokeOneway(request);
            return;
        }
        slot.waitingCallbacks.add(null);
        slot.waiting.add(() -> slot.channel.invokeOneway(request));
        connect(slot);
    }

    private static ResponseCallback once(ResponseCallback callback, boolean[] settled) {
        return ResponseCallback.of(response -> {
            if (!settled[0]) {
                settled[0] = true;
                callback.onResponse(response);
            }
        }, failure -> {
            if (!settled[0]) {
                settled[0] = true;
                callback.onFailure(failure);
            }
        });
    }

    private void connect(Slot slot) {
        if (slot.connecting) {
            return;
        }
        slot.connecting = true;
        env.network().connect(slot.address, connectTimeoutMs, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection connection) {
                slot.connecting = false;
                RemotingChannel channel = new RemotingChannel(env, connection, dispatcher);
                slot.channel = channel;
                channel.onClosed(c -> {
                    if (slot.channel == c) {
                        slot.channel = null;
                    }
                });
                if (stopped) {
                    channel.close();
                }
                List<Runnable> ready = new ArrayList<>(slot.waiting);
                slot.waiting.clear();
                slot.waitingCallbacks.clear();
                ready.forEach(Runnable::run);
                return channel;
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                slot.connecting = false;
                List<ResponseCallback> failed = new ArrayList<>(slot.waitingCallbacks);
                slot.waiting.clear();
                slot.waitingCallbacks.clear();
                for (ResponseCallback cb : failed) {
                    if (cb != null) {
                        cb.onFailure(new RemotingFailure(RemotingFailure.Kind.CONNECT_FAILED, reason));
                    }
                }
            }
        });
    }

    /** The open channel to an address, or null. */
    public RemotingChannel channel(Address address) {
        Slot slot = slots.get(address);
        return slot == null || slot.channel == null || !slot.channel.isOpen() ? null : slot.channel;
    }

    /** Closes the connection to one address (for example after it stopped answering). */
    public void closeChannel(Address address) {
        Slot slot = slots.get(address);
        if (slot != null && slot.channel != null) {
            slot.channel.close();
        }
    }

    public void stop() {
        stopped = true;
        for (Slot slot : slots.values()) {
            if (slot.channel != null) {
                slot.channel.close();
            }
        }
    }
}
