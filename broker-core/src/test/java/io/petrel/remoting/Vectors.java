package io.petrel.remoting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Reads the golden vectors (produced by the official 4.9.8 jars) from test resources. */
public final class Vectors {

    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            byte[] raw = in.readAllBytes();
            return name.endsWith(".hex") ? HexFormat.of().parseHex(new String(raw, StandardCharsets.US_ASCII).trim()) : raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A whole frame vector without its 4-byte length prefix, as the transport delivers it. */
    public static ByteBuffer framePayload(String name) {
        byte[] frame = bytes(name);
        int length = ByteBuffer.wrap(frame).getInt();
        if (length != frame.length - 4) {
            throw new IllegalStateException(name + ": length field " + length + " but " + (frame.length - 4) + " bytes follow");
        }
        return ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
    }
}
