package io.petrel.sim;

import io.petrel.env.Address;
import io.petrel.env.AcceptHandler;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Listener;
import io.petrel.env.Network;
import io.petrel.env.StreamAcceptHandler;
import io.petrel.env.StreamConnectHandler;

/** The {@link Network} of one node incarnation: a view of the shared {@link SimNetwork}. */
final class SimNodeNetwork implements Network {

    private final SimNetwork net;
    private final SimNode node;
    private final int incarnation;

    SimNodeNetwork(SimNetwork net, SimNode node, int incarnation) {
        this.net = net;
        this.node = node;
        this.incarnation = incarnation;
    }

    @Override
    public Listener listen(Address address, AcceptHandler handler) {
        return net.listen(node, incarnation, address, handler);
    }

    @Override
    public void connect(Address remote, long timeoutMs, ConnectHandler handler) {
        net.connect(node, incarnation, remote, timeoutMs, handler);
    }

    @Override
    public Listener listenStream(Address address, StreamAcceptHandler handler) {
        return net.listenStream(node, incarnation, address, handler);
    }

    @Override
    public void connectStream(Address remote, long timeoutMs, StreamConnectHandler handler) {
        net.connectStream(node, incarnation, remote, timeoutMs, handler);
    }
}
