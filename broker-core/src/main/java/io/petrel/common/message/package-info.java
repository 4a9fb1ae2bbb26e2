/**
 * The stored message's byte layout, shared by everything that reads or writes a message: the
 * store appends and checks records, the client encodes sends and decodes pulls, the admin tools
 * decode messages by id. Each layout is drawn in its class's javadoc: the record
 * ({@link io.petrel.common.message.MessageFormat}, {@link io.petrel.common.message.StoredMessage}),
 * its property string, host fields, offsetMsgId, SYSFLAG bits, CRC and the batch send body. Facts
 * come from {@code docs/protocol.md} §4 and are pinned by the golden vectors.
 *
 * <p>May use only the JDK. No state, no I/O: a crash does nothing here. Decoders treat their input as
 * untrusted and report a {@link io.petrel.common.message.MessageFormatException} naming the problem.
 */
package io.petrel.common.message;
