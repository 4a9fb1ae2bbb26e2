package io.petrel.env;

/**
 * The node's network: listen for connections and open them, framed ({@link Connection}: RocketMQ's
 * remoting) or as plain byte streams ({@link StreamConnection}: RocketMQ's replication).
 *
 * <p>Contract kept by both implementations (and see {@link Connection} for frames):
 * <ul>
 *   <li>{@link #listen} binds at once or throws {@link IllegalStateException} naming the address
 *       (already in use, or not this node's host).</li>
 *   <li>{@link #connect} reports exactly one outcome, later on the loop: connected, or failed
 *       with a reason (refused, unreachable, timed out after {@code timeoutMs}).</li>
 *   <li>Accept and connect callbacks run on the owning node's loop.</li>
 * </ul>
 */
public interface Network {

    /**
     * The largest frame, counting the 4-byte length prefix, as RocketMQ's decoder allows
     * (16 MiB).
     */
    int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /** The largest frame payload {@link Connection#send} accepts. */
    int MAX_FRAME_PAYLOAD_BYTES = MAX_FRAME_BYTES - 4;

    Listener listen(Address address, AcceptHandler handler);

    void connect(Address remote, long timeoutMs, ConnectHandler handler);

    /**
     * Listens for unframed byte-stream connections ({@link StreamConnection}), with the same binding
     * rules as {@link #listen}. A port serves either frames or streams, never both.
     */
    Listener listenStream(Address address, StreamAcceptHandler handler);

    /** Opens a byte-stream connection; exactly one outcome, later on the loop, as for {@link #connect}. */
    void connectStream(Address remote, long timeoutMs, StreamConnectHandler handler);
}
