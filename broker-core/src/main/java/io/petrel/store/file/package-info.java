/**
 * Fixed-size store files on the {@code Disk} seam: {@link io.petrel.store.file.MappedFile} (positions,
 * read holds, two-phase deletion, tail zeroing) and {@link io.petrel.store.file.MappedFileQueue} (a
 * directory of files named by start offset, with flush rounds that force files and sync directory
 * names together).
 *
 * <p>May use {@code io.petrel.env}, {@code io.petrel.common} and {@code io.petrel.store.format}. Driven
 * by the node's loop. Crash behaviour: written bytes are in the page cache at once; a file's bytes and
 * name are durable only after a flush round that covered them succeeded; {@code load} reopens what the
 * disk kept and recovery (in {@code io.petrel.store}) decides how much of it is valid.
 */
package io.petrel.store.file;
