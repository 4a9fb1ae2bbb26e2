package io.petrel.common.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A host as it is stored in a message's BORNHOST or STOREHOST field: the IP address bytes (4 for
 * IPv4, 16 for IPv6) and a port stored as a 4-byte int. Parsed from and printed as
 * {@code a.b.c.d:port} or {@code [v6]:port} without touching {@code java.net}, so no name lookup can
 * ever happen in core. Immutable.
 */
public final class HostAddress {

    private final byte[] ip;
    private final int port;

    private HostAddress(byte[] ip, int port) {
        this.ip = ip;
        this.port = port;
    }

    /** @throws IllegalArgumentException naming the text when it is not a literal address with a port */
    public static HostAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("host address is missing");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        int port = parsePort(text, text.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            return new HostAddress(parseIpv6(text, host.substring(1, host.length() - 1)), port);
        }
        if (host.indexOf(':') >= 0) {
            return new HostAddress(parseIpv6(text, host), port);
        }
        return new HostAddress(parseIpv4(text, host), port);
    }

    /** From the raw IP bytes (4 or 16) and a port. */
    public static HostAddress of(byte[] ip, int port) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + ip.length);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        return new HostAddress(ip.clone(), port);
    }

    /** Reads the stored form (IP bytes then a 4-byte port) at the buffer's position, moving it. */
    public static HostAddress read(ByteBuffer buffer, boolean ipv6) {
        byte[] ip = new byte[ipv6 ? 16 : 4];
        buffer.get(ip);
        return new HostAddress(ip, buffer.getInt());
    }

    public boolean isIpv6() {
        return ip.length == 16;
    }

    /** 8 for IPv4, 20 for IPv6: the size of the stored field. */
    public int storedLength() {
        return ip.length + 4;
    }

    public byte[] ip() {
        return ip.clone();
    }

    public int port() {
        return port;
    }

    /** Writes the stored form at the buffer's position. */
    public void write(ByteBuffer buffer) {
        buffer.put(ip).putInt(port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostAddress other && other.port == port && Arrays.equals(other.ip, ip);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ip) * 31 + port;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (ip.length == 4) {
            for (int i = 0; i < 4; i++) {
                s.append(i == 0 ? "" : ".").append(ip[i] & 0xFF);
            }
            return s.append(':').append(port).toString();
        }
        s.append('[');
        for (int i = 0; i < 16; i += 2) {
            s.append(i == 0 ? "" : ":").append(Integer.toHexString(((ip[i] & 0xFF) << 8) | (ip[i + 1] & 0xFF)));
        }
        return s.append("]:").append(port).toString().toLowerCase(Locale.ROOT);
    }

    private static int parsePort(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 0xFFFF) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw new IllegalArgumentException("'" + text + "' has no valid port");
    }

    private static byte[] parseIpv4(String text, String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 literal a.b.c.d:port");
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            ip[i] = (byte) parseNumber(text, parts[i], 10, 255);
        }
        return ip;
    }

    private static byte[] parseIpv6(String text, String host) {
        int gap = host.indexOf("::");
        if (gap != host.lastIndexOf("::")) {
            throw new IllegalArgumentException("'" + text + "' has more than one '::'");
        }
        String[] head = gap < 0 ? host.split(":", -1) : splitGroups(host.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : splitGroups(host.substring(gap + 2));
        int groups = head.length + tail.length;
        if ((gap < 0 && groups != 8) || (gap >= 0 && groups > 7)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 literal");
        }
        byte[] ip = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(ip, i, parseNumber(text, head[i], 16, 0xFFFF));
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(ip, 8 - tail.length + i, parseNumber(text, tail[i], 16, 0xFFFF));
        }
        return ip;
    }

    private static String[] splitGroups(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static void putGroup(byte[] ip, int group, int value) {
        ip[group * 2] = (byte) (value >>> 8);
        ip[group * 2 + 1] = (byte) value;
    }

    private static int parseNumber(String text, String digits, int radix, int max) {
        if (digits.isEmpty() || digits.length() > (radix == 10 ? 3 : 4)) {
            throw new IllegalArgumentException("'" + text + "' is not a literal IP address");
        }
        try {
            int v = Integer.parseInt(digits, radix);
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw new IllegalArgumentException("'" + text + "' is not a literal IP address");
    }
}
