package io.petrel.real.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.petrel.env.AcceptHandler;
import io.petrel.env.Address;
import io.petrel.env.ConnectHandler;
import io.petrel.env.Listener;
import io.petrel.env.Network;
import io.petrel.env.NodeLog;
import io.petrel.env.StreamAcceptHandler;
import io.petrel.env.StreamConnectHandler;
import io.petrel.real.loop.NodeLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One node's {@link Network} over the process's shared {@link NettyTransport}.
 *
 * <p>Owns the node's listeners and connections, framed ({@link NettyConnection}) and byte stream
 * ({@link NettyStreamConnection}), to close them when the node stops, and the counter of
 * connection ids shared by both. The two kinds differ only in their pipeline: frames pass
 * RocketMQ's {@link FrameDecoder}, streams nothing. A port serves one kind because it has one
 * listener; binding a taken port fails whatever kind holds it.
 *
 * <p>{@link #listen}, {@link #connect} and their stream twins are called on the node's loop and
 * never block it: a listening socket is bound with plain NIO right there (so a taken address
 * fails at once), then handed to Netty; a connect resolves and dials on an IO thread. Every
 * outcome comes back to the loop through {@link NodeLoop#post}.
 *
 * <p>{@link #close(long)} is for the runtime once the node's loop has stopped: it closes listeners
 * and lets every connection finish an {@link OrderlyClose}, so goodbye frames and stream bytes
 * written during a graceful shutdown still reach the peers. {@link #abort()} is the kill: every
 * connection is reset at once.
 */
public final class NettyNetwork implements Network {

    private static final int ACCEPT_BACKLOG = 1024;
    private static final long CLOSE_LINGER_MS = 5_000;

    private final NettyTransport transport;
    private final NodeLoop loop;
    private final NodeLog log;
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final Set<ChannelEnd> connections = ConcurrentHashMap.newKeySet();
    private final Set<NettyListener> listeners = ConcurrentHashMap.newKeySet();
    private final int maxPayload;
    private final UnaryOperator<Address> dialVia;
    private volatile boolean closed;

    /**
     * A node's network; its frame limit is 16 MiB unless the system property
     * {@code com.rocketmq.remoting.frameMaxLength} sets another when the node starts.
     *
     * @throws IllegalArgumentException when that property does not hold a usable size
     */
    public NettyNetwork(NettyTransport transport, NodeLoop loop, NodeLog log) {
        this(transport, loop, log, null);
    }

    /**
     * As {@link #NettyNetwork(NettyTransport, NodeLoop, NodeLog)}; {@code dialVia} (null: none) gives
     * the address a connection to a remote address is actually dialled at, for a test harness that
     * puts a proxy on every link (cluster-runner's chaos partitions). The node still names the remote
     * it asked for; only the socket goes elsewhere.
     */
    public NettyNetwork(NettyTransport transport, NodeLoop loop, NodeLog log, UnaryOperator<Address> dialVia) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.log = Objects.requireNonNull(log, "log");
        this.maxPayload = FrameFormat.maxPayloadBytes(System.getProperty(FrameFormat.MAX_FRAME_PROPERTY));
        this.dialVia = dialVia == null ? UnaryOperator.identity() : dialVia;
    }

    @Override
    public Listener listen(Address address, AcceptHandler handler) {
        loop.requireLoopThread("Network.listen");
        Objects.requireNonNull(handler, "handler");
        return serve(address, listener -> framedPipeline(
                conn -> onAccepted(listener, conn, () -> conn.attach(handler.onAccept(conn)))));
    }

    @Override
    public Listener listenStream(Address address, StreamAcceptHandler handler) {
        loop.requireLoopThread("Network.listenStream");
        Objects.requireNonNull(handler, "handler");
        return serve(address, listener -> streamPipeline(
                conn -> onAccepted(listener, conn, () -> conn.attach(handler.onAccept(conn)))));
    }

    /** Binds at once (so a taken address fails here), then lets Netty accept with {@code children}'s pipeline. */
    private Listener serve(Address address, Function<NettyListener, ChannelInitializer<SocketChannel>> children) {
        if (closed) {
            throw new IllegalStateException("cannot listen on " + address + ": the node's network is closed");
        }
        ServerSocketChannel bound = bind(address);
        NioServerSocketChannel serverChannel = new NioServerSocketChannel(bound);
        NettyListener listener = new NettyListener(addressOf(bound.socket().getLocalSocketAddress()), serverChannel);
        listeners.add(listener);
        serverChannel.closeFuture().addListener(f -> listeners.remove(listener));
        new ServerBootstrap()
                .group(transport.group())
                .channelFactory(() -> (ServerChannel) serverChannel)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(children.apply(listener))
                .register()
                .addListener(registered -> {
                    if (!registered.isSuccess()) {
                        loop.post(() -> log.error("{} could not start accepting: {}", listener,
                                describe(registered.cause())));
                    }
                });
        log.info("listening on {}", listener.address());
        return listener;
    }

    private static ServerSocketChannel bind(Address address) {
        InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
        if (socketAddress.isUnresolved()) {
            throw new IllegalStateException("cannot listen on " + address + ": unknown host");
        }
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(socketAddress, ACCEPT_BACKLOG);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot listen on " + address + ": " + describe(e), e);
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more can be done about a socket that failed to bind and to close.
        }
    }

    @Override
    public void connect(Address remote, long timeoutMs, ConnectHandler handler) {
        loop.requireLoopThread("Network.connect");
        Objects.requireNonNull(handler, "handler");
        dial(remote, timeoutMs, handler::onConnectFailed,
                framedPipeline(conn -> onConnected(conn, () -> conn.attach(handler.onConnected(conn)))));
    }

    @Override
    public void connectStream(Address remote, long timeoutMs, StreamConnectHandler handler) {
        loop.requireLoopThread("Network.connectStream");
        Objects.requireNonNull(handler, "handler");
        dial(remote, timeoutMs, handler::onConnectFailed,
                streamPipeline(conn -> onConnected(conn, () -> conn.attach(handler.onConnected(conn)))));
    }

    /** Resolves and dials on an IO thread; a failure comes back to the loop through {@code failed}. */
    private void dial(Address remote, long timeoutMs, BiConsumer<Address, String> failed,
            ChannelInitializer<SocketChannel> pipeline) {
        Objects.requireNonNull(remote, "remote");
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive: " + timeoutMs);
        }
        if (closed) {
            loop.execute(() -> failed.accept(remote, "the node's network is closed"));
            return;
        }
        ChannelFuture connecting = new Bootstrap()
                .group(transport.group())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMs, Integer.MAX_VALUE))
                .handler(pipeline)
                .connect(socketAddress(dialVia.apply(remote)));
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                String reason = describe(done.cause());
                loop.post(() -> failed.accept(remote, reason));
            }
        });
    }

    private static InetSocketAddress socketAddress(Address a) {
        return InetSocketAddress.createUnresolved(a.host(), a.port());
    }

    /** Frames: RocketMQ's length-prefixed decoder in front of the adapter. */
    private ChannelInitializer<SocketChannel> framedPipeline(Consumer<NettyConnection> onOpened) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                CloseReason reason = new CloseReason();
                channel.pipeline().addLast(new FrameDecoder(reason, maxPayload), new InboundAdapter<>(loop, reason,
                        NettyNetwork.this::newConnection, onOpened,
                        (conn, frame) -> loop.post(() -> conn.onFrameReceived((ByteBuffer) frame))));
            }
        };
    }

    /** Streams: nothing between the socket and the adapter; reads go to the node as they come. */
    private ChannelInitializer<SocketChannel> streamPipeline(Consumer<NettyStreamConnection> onOpened) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                CloseReason reason = new CloseReason();
                // Reads of up to a post's worth (Netty's default stops at 64 KiB, and every read is a
                // post to the loop: a replication stream carries a slave's whole backlog), straight
                // into buffers the connection hands to the node.
                StreamReadBuffers buffers = new StreamReadBuffers();
                channel.config().setRecvByteBufAllocator(buffers.allocator());
                channel.pipeline().addLast(new InboundAdapter<>(loop, reason,
                        ch -> newStreamConnection(ch, reason, buffers), onOpened,
                        (conn, bytes) -> conn.onBytesRead((ByteBuf) bytes)));
            }
        };
    }

    /** Loop: hands an accepted connection to the node, unless its listener closed meanwhile. */
    private void onAccepted(NettyListener listener, ChannelEnd connection, Runnable attach) {
        if (listener.isClosed()) {
            connection.abandon("accepted after " + listener + " was closed");
            return;
        }
        try {
            attach.run();
        } catch (RuntimeException e) {
            log.error("accept handler of {} failed on {}; dropping it", listener, connection, e);
            connection.abandon("the accept handler failed");
        }
    }

    private void onConnected(ChannelEnd connection, Runnable attach) {
        try {
            attach.run();
        } catch (RuntimeException e) {
            log.error("connect handler failed on {}; dropping it", connection, e);
            connection.abandon("the connect handler failed");
        }
    }

    /**
     * IO thread: the node-side object for a channel that just became active, or null (and the
     * channel closed) when this network is already closed.
     */
    private NettyConnection newConnection(Channel channel) {
        return track(new NettyConnection(nextConnectionId.getAndIncrement(), channel,
                addressOf(channel.localAddress()), addressOf(channel.remoteAddress()), loop, log, CLOSE_LINGER_MS,
                maxPayload));
    }

    /** IO thread: as {@link #newConnection}, for a byte stream. */
    private NettyStreamConnection newStreamConnection(Channel channel, CloseReason reason, StreamReadBuffers buffers) {
        return track(new NettyStreamConnection(nextConnectionId.getAndIncrement(), channel,
                addressOf(channel.localAddress()), addressOf(channel.remoteAddress()), loop, log, CLOSE_LINGER_MS,
                reason, buffers));
    }

    private <E extends ChannelEnd> E track(E connection) {
        connections.add(connection);
        connection.channel().closeFuture().addListener(f -> connections.remove(connection));
        if (closed) {
            connection.closeForShutdown();
            return null;
        }
        return connection;
    }

    /**
     * Closes every listener and connection of a stopped node, then waits up to {@code timeoutMs}
     * for the connections' orderly closes to finish. Blocking: call it from the runtime, never from
     * a loop or an IO thread. Idempotent.
     */
    public void close(long timeoutMs) {
        closed = true;
        listeners.forEach(NettyListener::close);
        connections.forEach(ChannelEnd::closeForShutdown);
        long deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
        for (ChannelEnd connection : connections) {
            long leftMs = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
            connection.channel().closeFuture().awaitUninterruptibly(leftMs);
        }
    }

    /**
     * Kills the node's network as a process kill would seen from its peers, made sharper: listeners
     * close and every connection is reset (RST, no FIN, nothing queued is sent), without callbacks.
     * For tests and the runtime's kill of a node; non-blocking; idempotent.
     */
    public void abort() {
        closed = true;
        listeners.forEach(NettyListener::close);
        connections.forEach(ChannelEnd::abort);
    }

    static Address addressOf(SocketAddress socketAddress) {
        InetSocketAddress inet = (InetSocketAddress) socketAddress;
        String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        return new Address(host, inet.getPort());
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : failure.getClass().getSimpleName() + ": " + message;
    }
}
