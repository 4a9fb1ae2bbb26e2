package io.petrel.remoting;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Listener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Accepts remoting connections on one or more addresses (a broker listens on listenPort and on
 * the VIP port listenPort − 2) and closes connections idle for longer than
 * {@code maxIdleMs} (RocketMQ's serverChannelMaxIdleTimeSeconds: no reads and no writes).
 */
public final class RemotingServer {

    private static final long IDLE_SCAN_MS = 10_000;

    private final Env env;
    private final RequestDispatcher dispatcher;
    private final long maxIdleMs;
    private final List<Listener> listeners = new ArrayList<>();
    private final Map<Long, RemotingChannel> channels = new LinkedHashMap<>();
    private final List<Consumer<RemotingChannel>> closeListeners = new ArrayList<>();
    private boolean idleScanStarted;
    private boolean stopped;

    public RemotingServer(Env env, RequestDispatcher dispatcher, long maxIdleMs) {
        this.env = env;
        this.dispatcher = dispatcher;
        this.maxIdleMs = maxIdleMs;
    }

    /** Starts accepting on {@code address}; returns the bound address. */
    public Address listen(Address address) {
        Listener listener = env.network().listen(address, connection -> {
            RemotingChannel channel = new RemotingChannel(env, connection, dispatcher);
            channels.put(channel.id(), channel);
            channel.onClosed(c -> {
                channels.remove(c.id());
                closeListeners.forEach(l -> l.accept(c));
            });
            return channel;
        });
        listeners.add(listener);
        if (!idleScanStarted && maxIdleMs > 0) {
            idleScanStarted = true;
            env.scheduler().schedule(IDLE_SCAN_MS, this::closeIdleChannels);
        }
        return listener.address();
    }

    /** Called when any accepted channel closes (after its own pending requests failed). */
    public void onChannelClosed(Consumer<RemotingChannel> listener) {
        closeListeners.add(listener);
    }

    public Collection<RemotingChannel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    private void closeIdleChannels() {
        if (stopped) {
            return;
        }
        long now = env.clock().nanoTime();
        for (RemotingChannel c : new ArrayList<>(channels.values())) {
            if (now - c.lastActivityNanos() > maxIdleMs * 1_000_000L) {
                env.log().probe("remoting-idle-channel-closed");
                env.log().info("closing idle connection from {} (no traffic for {} ms)", c.remoteAddress(), maxIdleMs);
                c.close();
            }
        }
        env.scheduler().schedule(IDLE_SCAN_MS, this::closeIdleChannels);
    }

    /** Stops listening and closes every accepted connection. */
    public void stop() {
        stopped = true;
        listeners.forEach(Listener::close);
        listeners.clear();
        new ArrayList<>(channels.values()).forEach(RemotingChannel::close);
    }
}
