package io.petrel.real.net;

import io.netty.channel.Channel;
import io.petrel.env.Address;
import io.petrel.env.Listener;

/**
 * A bound, listening server channel of one node.
 *
 * <p>{@link #close()} stops the server channel (on its IO thread, shortly after) and, at once,
 * makes the node drop any connection whose accept event reaches the loop afterwards, so from the
 * node's point of view nothing is accepted after close. Connections accepted before stay open.
 * Safe from any thread.
 */
final class NettyListener implements Listener {

    private final Address address;
    private final Channel serverChannel;
    private volatile boolean closed;

    NettyListener(Address address, Channel serverChannel) {
        this.address = address;
        this.serverChannel = serverChannel;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public void close() {
        closed = true;
        serverChannel.close();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "listener on " + address;
    }
}
