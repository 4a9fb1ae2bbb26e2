package io.petrel.store.file;

import io.petrel.env.DiskException;

/** The end of a {@link MappedFileQueue#flush}: the durable offset, or the failure. Runs on the loop. */
@FunctionalInterface
public interface FlushDone {

    void onFlushed(long flushedWhere, DiskException failure);
}
