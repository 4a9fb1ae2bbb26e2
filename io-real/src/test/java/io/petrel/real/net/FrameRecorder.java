package io.petrel.real.net;

import io.petrel.env.CloseCause;
import io.petrel.env.Connection;
import io.petrel.env.ConnectionHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Records one connection's frames and closes for tests, optionally echoing each frame back. */
final class FrameRecorder implements ConnectionHandler {

    final List<byte[]> frames = new CopyOnWriteArrayList<>();
    final List<CloseCause> closes = new CopyOnWriteArrayList<>();
    final AtomicReference<Connection> connection = new AtomicReference<>();
    private final boolean echo;

    FrameRecorder(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void onFrame(Connection c, ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        frames.add(bytes);
        if (echo) {
            c.send(ByteBuffer.wrap(bytes));
        }
    }

    @Override
    public void onClose(Connection c, CloseCause cause) {
        closes.add(cause);
    }
}
