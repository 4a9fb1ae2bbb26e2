package io.petrel.real.mqadmin;

import io.petrel.remoting.Vectors;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The official 4.9.8 mqadmin's capture (broker-core's test vectors, {@code capture/}): what it printed for
 * each command, and the bodies of the frames it received, so Petrel's renderers can be compared
 * with the real thing line for line.
 */
final class OfficialCapture {

    private static final Map<String, String> OUTPUT = sections();

    private OfficialCapture() {
    }

    /** What the official mqadmin printed for the command line {@code command} (or the first starting so), trailing blank lines removed. */
    static String output(String command) {
        if (OUTPUT.containsKey(command)) {
            return OUTPUT.get(command);
        }
        for (Map.Entry<String, String> e : OUTPUT.entrySet()) {
            if (e.getKey().startsWith(command)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("no captured output for " + command);
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        String text = Vectors.text("capture/capture_mqadmin_output.txt");
        for (String section : text.split("\\$ mqadmin ")) {
            int nl = section.indexOf('\n');
            if (nl > 0) {
                sections.put(section.substring(0, nl), section.substring(nl + 1).stripTrailing());
            }
        }
        return sections;
    }

    /** The body of the response a broker sent with {@code opaque}, from the recorded frames. */
    static byte[] responseBody(String peerPrefix, int opaque) {
        String[] lines = Vectors.text("capture/capture_mqadmin_session.txt").split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith(peerPrefix + " => client") && lines[i].contains(" opaque=" + opaque + " ")) {
                ByteBuffer frame = ByteBuffer.wrap(HexFormat.of().parseHex(lines[i + 1].trim().substring("hex=".length())));
                int length = frame.getInt();
                int headerLength = frame.getInt() & 0xFFFFFF;
                byte[] body = new byte[length - 4 - headerLength];
                frame.position(8 + headerLength);
                frame.get(body);
                return body;
            }
        }
        throw new IllegalArgumentException("no response with opaque " + opaque + " from " + peerPrefix);
    }
}
