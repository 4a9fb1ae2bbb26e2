package io.petrel.real.disk;

import io.petrel.env.DiskException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns the JDK's file failures into {@link DiskException}s that name the path and the act. */
final class DiskErrors {

    private DiskErrors() {
    }

    static DiskException of(Exception failure, String path, String act) {
        DiskException.Kind kind;
        if (failure instanceof NoSuchFileException) {
            kind = DiskException.Kind.NOT_FOUND;
        } else if (failure instanceof FileAlreadyExistsException) {
            kind = DiskException.Kind.ALREADY_EXISTS;
        } else {
            kind = DiskException.Kind.IO_ERROR;
        }
        String detail = failure instanceof DirectoryNotEmptyException ? "directory not empty" : describe(failure);
        return new DiskException(kind, path, act + " failed: " + detail, failure);
    }

    /**
     * A write into a mapped page that the device cannot back (a sparse file on a full disk, a
     * failed device) surfaces in the JVM as an {@link InternalError} from the faulting access.
     */
    static DiskException deviceFault(InternalError fault, String path, String act) {
        return new DiskException(DiskException.Kind.IO_ERROR, path, act + " hit a device fault: " + fault.getMessage(), fault);
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : failure.getClass().getSimpleName() + ": " + message;
    }
}
