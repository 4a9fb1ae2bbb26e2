/**
 * The production {@link io.petrel.env.Network}: TCP over Netty, RocketMQ's length-prefixed frames
 * for remoting and plain byte streams for replication.
 *
 * <p>Owns: one process-wide NIO event-loop group ({@link io.petrel.real.net.NettyTransport}), the
 * frame codec, and one {@link io.petrel.real.net.NettyNetwork} per node. Netty IO threads only
 * decode, copy and {@code post}; every seam callback (accept, connected, connect failed, frame,
 * bytes, writable, close) runs on the owning node's loop. Connection state that the node sees is
 * confined to that loop. A byte stream's reads pause while too many bytes wait for its loop, so
 * a slow node pushes back on its sender instead of buffering without bound.
 *
 * <p>Bad input from a peer (a negative or oversized length, a stream cut mid-frame, an IO error)
 * closes that one connection with a logged {@link io.petrel.env.CloseCause}; nothing else is
 * affected. When a node stops, its runtime closes its listeners and connections without callbacks;
 * peers see an orderly close after everything sent before it. When a node is killed
 * ({@code RealNode.crash}) its connections are reset; peers see {@code RESET}.
 */
package io.petrel.real.net;
