package io.petrel.real.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The process's Netty IO threads: one NIO event-loop group shared by every node's
 * {@link NettyNetwork}, so a process running many nodes (tests, a broker with its clients) does not
 * multiply selector threads.
 *
 * <p>Threads are named {@code petrel-io-<pool>-<n>} and are not daemons. They accept, connect,
 * read, decode and write; they never run node logic. {@link #close()} shuts the group down: every
 * channel still open is closed, and the threads end. Create one per process, close it last.
 */
public final class NettyTransport implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final EventLoopGroup group;

    public NettyTransport(int ioThreads) {
        if (ioThreads <= 0) {
            throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
        }
        this.group = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("petrel-io", false));
    }

    /** A transport sized for this machine: one IO thread per core, between 2 and 8. */
    public static NettyTransport sizedForThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new NettyTransport(Math.max(2, Math.min(8, cores)));
    }

    EventLoopGroup group() {
        return group;
    }

    /**
     * Closes every channel and ends the IO threads, waiting up to a few seconds for them. Call it
     * from a runtime thread, never from an IO thread or a node's loop.
     */
    @Override
    public void close() {
        group.shutdownGracefully(0, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_TIMEOUT_MS * 2);
    }
}
