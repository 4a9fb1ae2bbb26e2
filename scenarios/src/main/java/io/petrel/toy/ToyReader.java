package io.petrel.toy;

import io.petrel.env.Address;
import io.petrel.env.CloseCause;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import io.petrel.env.Env;
import io.petrel.env.Node;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A toy reader: reads the whole log from offset 0 in chunks, retrying through failures, and keeps
 * every record it decodes.
 */
public final class ToyReader implements Node {

    private static final int CHUNK_BYTES = 256 * 1024;

    private final Env env;
    private final Address server;
    private final List<ToyRecordFormat.Entry> entries = new ArrayList<>();
    private long nextOffset;
    private long requestId;
    private boolean finished;
    private Connection connection;

    public ToyReader(Env env, Address server) {
        this.env = env;
        this.server = server;
    }

    public boolean finished() {
        return finished;
    }

    public List<ToyRecordFormat.Entry> entries() {
        return entries;
    }

    @Override
    public void start() {
        env.network().connect(server, 1_000, new ConnectHandler() {
            @Override
            public ConnectionHandler onConnected(Connection c) {
                connection = c;
                requestNext();
                return new Handler();
            }

            @Override
            public void onConnectFailed(Address remote, String reason) {
                env.scheduler().schedule(100, ToyReader.this::start);
            }
        });
    }

    private void requestNext() {
        connection.send(ToyProtocol.read(++requestId, nextOffset, CHUNK_BYTES));
    }

    private final class Handler implements ConnectionHandler {
        @Override
        public void onFrame(Connection c, ByteBuffer frame) {
            byte type = frame.get();
            long id = frame.getLong();
            if (type != ToyProtocol.READ_RESULT || id != requestId) {
                env.scheduler().schedule(100, ToyReader.this::requestNext);
                return;
            }
            long endOfLog = frame.getLong();
            ByteBuffer records = frame.slice();
            int at = 0;
            ToyRecordFormat.Entry entry;
            while ((entry = ToyRecordFormat.decode(records, at, nextOffset + at)) != null) {
                entries.add(entry);
                at += ToyRecordFormat.HEADER_BYTES + entry.payload().length;
            }
            nextOffset += at;
            if (nextOffset >= endOfLog) {
                finished = true;
                c.close();
            } else {
                requestNext();
            }
        }

        @Override
        public void onClose(Connection c, CloseCause cause) {
            if (!finished) {
                env.scheduler().schedule(100, ToyReader.this::start);
            }
        }
    }

    @Override
    public void shutdown(Runnable done) {
        if (connection != null) {
            connection.close();
        }
        done.run();
    }
}
