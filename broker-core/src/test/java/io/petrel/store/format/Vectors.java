package io.petrel.store.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Loads the golden vectors copied into test resources. */
public final class Vectors {

    private Vectors() {
    }

    public static byte[] hex(String name) {
        return HexFormat.of().parseHex(text(name).trim());
    }

    public static ByteBuffer buffer(String name) {
        return ByteBuffer.wrap(hex(name));
    }

    public static String text(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
