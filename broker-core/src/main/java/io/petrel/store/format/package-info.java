/**
 * Pure byte layouts of RocketMQ 4.9.x's store, each drawn in its class's javadoc: the stored message
 * ({@link io.petrel.store.format.MessageFormat}, {@link io.petrel.store.format.StoredMessage}), its
 * property string, host fields, offsetMsgId and SYSFLAG bits, the batch send body, the consume-queue
 * entry, the index file, the checkpoint and the file names. Facts come from
 * {@code docs/protocol.md} §4–§5 and are pinned by the golden vectors.
 *
 * <p>May use only the JDK. No state, no I/O: a crash does nothing here. Decoders treat their input as
 * untrusted and report a {@link io.petrel.store.format.MessageFormatException} naming the problem.
 */
package io.petrel.store.format;
