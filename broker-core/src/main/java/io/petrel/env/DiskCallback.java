package io.petrel.env;

/** The completion of an asynchronous disk operation, delivered on the node's loop. */
@FunctionalInterface
public interface DiskCallback {

    /** {@code failure} is null on success. */
    void onComplete(DiskException failure);
}
