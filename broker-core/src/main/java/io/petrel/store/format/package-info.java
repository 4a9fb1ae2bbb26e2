/**
 * Pure byte layouts of RocketMQ 4.9.x's store files, each drawn in its class's javadoc: the
 * consume-queue entry, the index file, the checkpoint and the file names. The message record itself
 * is shared with the client and lives in {@code io.petrel.common.message}. Facts come from
 * {@code docs/protocol.md} §5 and are pinned by the golden vectors.
 *
 * <p>May use only the JDK and {@code io.petrel.common.message}. No state, no I/O: a crash does
 * nothing here.
 */
package io.petrel.store.format;
