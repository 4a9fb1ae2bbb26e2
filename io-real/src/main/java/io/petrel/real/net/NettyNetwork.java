package io.petrel.real.net;

import io.netty.bootstrap.Bootstrap;
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
import io.petrel.real.loop.NodeLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One node's {@link Network} over the process's shared {@link NettyTransport}.
 *
 * <p>Owns the node's listeners and connections (to close them when the node stops) and the
 * counter of connection ids. {@link #listen} and {@link #connect} are called on the node's loop
 * and never block it: a listening socket is bound with plain NIO right there (so a taken address
 * fails at once), then handed to Netty; a connect resolves and dials on an IO thread. Every
 * outcome comes back to the loop through {@link NodeLoop#post}.
 *
 * <p>{@link #close(long)} is for the runtime once the node's loop has stopped: it closes listeners
 * and lets every connection finish an {@link OrderlyClose}, so goodbye frames written during a
 * graceful shutdown still reach the peers. A crash-like stop would not call it at all; the
 * transport's close then drops the channels.
 */
public final class NettyNetwork implements Network {

    private static final int ACCEPT_BACKLOG = 1024;
    private static final long CLOSE_LINGER_MS = 5_000;

    private final NettyTransport transport;
    private final NodeLoop loop;
    private final NodeLog log;
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<NettyListener> listeners = ConcurrentHashMap.newKeySet();
    private final int maxPayload;
    private volatile boolean closed;

    /**
     * A node's network; its frame limit is 16 MiB unless the system property
     * {@code com.rocketmq.remoting.frameMaxLength} sets another when the node starts.
     *
     * @throws IllegalArgumentException when that property does not hold a usable size
     */
    public NettyNetwork(NettyTransport transport, NodeLoop loop, NodeLog log) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.log = Objects.requireNonNull(log, "log");
        this.maxPayload = FrameFormat.maxPayloadBytes(System.getProperty(FrameFormat.MAX_FRAME_PROPERTY));
    }

    @Override
    public Listener listen(Address address, AcceptHandler handler) {
        loop.requireLoopThread("Network.listen");
        Objects.requireNonNull(handler, "handler");
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
                .childHandler(pipeline(conn -> onAccepted(listener, handler, conn)))
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
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(handler, "handler");
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive: " + timeoutMs);
        }
        if (closed) {
            loop.execute(() -> handler.onConnectFailed(remote, "the node's network is closed"));
            return;
        }
        ChannelFuture connecting = new Bootstrap()
                .group(transport.group())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMs, Integer.MAX_VALUE))
                .handler(pipeline(conn -> onConnected(handler, conn)))
                .connect(InetSocketAddress.createUnresolved(remote.host(), remote.port()));
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                String reason = describe(done.cause());
                loop.post(() -> handler.onConnectFailed(remote, reason));
            }
        });
    }

    private ChannelInitializer<SocketChannel> pipeline(Consumer<NettyConnection> onOpened) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                CloseReason reason = new CloseReason();
                channel.pipeline().addLast(new FrameDecoder(reason, maxPayload), new InboundAdapter(NettyNetwork.this, reason, onOpened));
            }
        };
    }

    private void onAccepted(NettyListener listener, AcceptHandler handler, NettyConnection connection) {
        if (listener.isClosed()) {
            connection.abandon("accepted after " + listener + " was closed");
            return;
        }
        try {
            connection.attach(handler.onAccept(connection));
        } catch (RuntimeException e) {
            log.error("accept handler of {} failed on {}; dropping it", listener, connection, e);
            connection.abandon("the accept handler failed");
        }
    }

    private void onConnected(ConnectHandler handler, NettyConnection connection) {
        try {
            connection.attach(handler.onConnected(connection));
        } catch (RuntimeException e) {
            log.error("connect handler failed on {}; dropping it", connection, e);
            connection.abandon("the connect handler failed");
        }
    }

    /**
     * IO thread: the node-side object for a channel that just became active, or null (and the
     * channel closed) when this network is already closed.
     */
    NettyConnection newConnection(Channel channel) {
        NettyConnection connection = new NettyConnection(nextConnectionId.getAndIncrement(), channel,
                addressOf(channel.localAddress()), addressOf(channel.remoteAddress()), loop, log, CLOSE_LINGER_MS, maxPayload);
        connections.add(connection);
        channel.closeFuture().addListener(f -> connections.remove(connection));
        if (closed) {
            connection.closeForShutdown();
            return null;
        }
        return connection;
    }

    NodeLoop loop() {
        return loop;
    }

    /**
     * Closes every listener and connection of a stopped node, then waits up to {@code timeoutMs}
     * for the connections' orderly closes to finish. Blocking: call it from the runtime, never from
     * a loop or an IO thread. Idempotent.
     */
    public void close(long timeoutMs) {
        closed = true;
        listeners.forEach(NettyListener::close);
        connections.forEach(NettyConnection::closeForShutdown);
        long deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000;
        for (NettyConnection connection : connections) {
            long leftMs = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
            connection.channel().closeFuture().awaitUninterruptibly(leftMs);
        }
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
