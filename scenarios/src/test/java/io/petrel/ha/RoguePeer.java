package io.petrel.ha;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.StreamConnectHandler;
import io.petrel.env.StreamConnection;
import io.petrel.env.StreamHandler;
import io.petrel.sim.SimNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Not a slave: a peer on a master's HA port that reports whatever it is told and appends nothing
 * (apache/rocketmq#3015's reproduction). It must never acknowledge a message. It keeps every byte the
 * master sends it, so a test can read the transfers as they were on the stream.
 */
final class RoguePeer implements Node, StreamConnectHandler, StreamHandler {

    private final Env env;
    private final Address master;
    private final long firstReport;
    private StreamConnection connection;
    private boolean closed;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RoguePeer(Env env, Address master, long firstReport) {
        this.env = env;
        this.master = master;
        this.firstReport = firstReport;
    }

    static RoguePeer start(ReplicationFixture f, long firstReport) {
        Address ha = new Address(f.cluster.broker(ReplicationFixture.BROKER).host(), 10912);
        SimNode node = f.sim.addNode("rogue", "10.0.9.66", env -> new RoguePeer(env, ha, firstReport));
        node.start();
        f.sim.runFor(100);
        return node.nodeAs(RoguePeer.class);
    }

    @Override
    public void start() {
        env.network().connectStream(master, 3_000, this);
    }

    @Override
    public void shutdown(Runnable done) {
        done.run();
    }

    void report(long offset) {
        connection.send(HaFormat.report(offset));
    }

    boolean closed() {
        return closed;
    }

    @Override
    public StreamHandler onConnected(StreamConnection c) {
        connection = c;
        report(firstReport);
        env.scheduler().schedule(1_000, this::reportAgain);
        return this;
    }

    private void reportAgain() {
        if (!closed) {
            report(firstReport);
            env.scheduler().schedule(1_000, this::reportAgain);
        }
    }

    @Override
    public void onConnectFailed(Address remote, String reason) {
        closed = true;
    }

    @Override
    public void onBytes(StreamConnection c, ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        received.writeBytes(copy);
    }

    /** Every byte the master sent, in order. */
    byte[] received() {
        return received.toByteArray();
    }

    @Override
    public void onClose(StreamConnection c, CloseCause cause) {
        closed = true;
    }
}
