package io.petrel.store.file;

/** Store files that cannot be used as they are; the message names the file and what to do. */
public final class StoreFileException extends RuntimeException {

    public StoreFileException(String message) {
        super(message);
    }
}
