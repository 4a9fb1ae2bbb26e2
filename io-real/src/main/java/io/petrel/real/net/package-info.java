/**
 * The production {@link io.petrel.env.Network}: TCP over Netty, RocketMQ's length-prefixed frames.
 *
 * <p>Owns: one process-wide NIO event-loop group ({@link io.petrel.real.net.NettyTransport}), the
 * frame codec, and one {@link io.petrel.real.net.NettyNetwork} per node. Netty IO threads only
 * decode, copy and {@code post}; every seam callback (accept, connected, connect failed, frame,
 * close) runs on the owning node's loop. Connection state that the node sees is confined to that
 * loop.
 *
 * <p>Bad input from a peer (a negative or oversized length, a stream cut mid-frame, an IO error)
 * closes that one connection with a logged {@link io.petrel.env.CloseCause}; nothing else is
 * affected. When a node stops, its runtime closes its listeners and connections without callbacks;
 * peers see the close.
 */
package io.petrel.real.net;
