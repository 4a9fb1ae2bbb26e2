/**
 * RocketMQ's remoting protocol: the command model, both header serializations (JSON and the
 * ROCKETMQ binary form), request and response codes, typed custom headers, and an RPC layer over
 * the {@code Network} seam (requests matched to responses by opaque, timeouts through the
 * {@code Scheduler}, oneway requests, dispatch by request code).
 *
 * <p>Wire facts come from {@code docs/protocol.md}; the golden vectors in the
 * tests pin them. Bad input from a peer never throws out of this package: decoding errors become a
 * {@link io.petrel.remoting.RemotingCodecException} that the RPC layer turns into a closed
 * connection (bad frame) or an error response (bad header), and the node keeps serving others.
 * Everything runs on the owning node's loop.
 */
package io.petrel.remoting;
