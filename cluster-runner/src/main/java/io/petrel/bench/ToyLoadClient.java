package io.petrel.bench;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.toy.ToyProtocol;
import io.petrel.toy.ToyRecordFormat;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code window} toy appends outstanding and sends the next as soon as one is acknowledged,
 * counting acknowledgements; for the real-runtime round-trip benchmark.
 */
final class ToyLoadClient implements Node {

    final AtomicLong acked = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private final Env env;
    private final Address server;
    private final int window;
    private final int payloadBytes;
    private Connection connection;
    private long nextSequence = 1;
    private volatile boolean stopped;

    ToyLoadClient(Env env, Address server, int window, int payloadBytes) {
        this.env = env;
        this.server = server;
        this.window = window;
        this.payloadBytes = payloadBytes;
    }

    @Override
    public void start() {
        connect();
    }

    /** Connects, retrying every 10 ms until the server listens (it does so once its new log's name is durable). */
    private void connect() {
        if (stopped) {
            return;
        }
        env.network().connect(server, 3_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                connection = c;
                for (int i = 0; i < window; i++) {
                    sendNext();
                }
                return new ConnectionHandler() {
                    @Override
                    public void onFrame(Connection conn, ByteBuffer frame) {
                        if (frame.get(0) == ToyProtocol.ACK) {
                            acked.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        sendNext();
                    }

                    @Override
                    public void onClose(Connection conn, CloseCause cause) {
                        connection = null;
                    }
                };
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                env.scheduler().schedule(10, ToyLoadClient.this::connect);
            }
        });
    }

    private void sendNext() {
        if (stopped || connection == null) {
            return;
        }
        long seq = nextSequence++;
        ByteBuffer record = ToyRecordFormat.encode(1, seq, new byte[payloadBytes]);
        connection.send(ToyProtocol.append(seq, record));
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        if (connection != null) {
            connection.close();
        }
        done.run();
    }
}
