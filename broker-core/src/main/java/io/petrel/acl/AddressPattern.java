package io.petrel.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A white-list entry in RocketMQ 4.9's forms, for IPv4: blank (matches nothing), {@code *} or
 * {@code *.*.*.*} (every address), one address ({@code 192.168.0.1}), a list
 * ({@code 192.168.0.1,192.168.0.2} or {@code 192.168.1.{1,2,3}}), and trailing ranges or
 * wildcards ({@code 192.168.1.1-100}, {@code 192.168.*.*}, {@code 192.168.1-10.*}). IPv6 is
 * matched as one address or {@code *:*:*:*:*:*:*:*}; RocketMQ's IPv6 ranges are refused as a bad
 * file rather than guessed at.
 */
public final class AddressPattern {

    private static final AddressPattern NONE = new AddressPattern("", List.of(), false);

    private final String text;
    /** Per alternative: four [low, high] octet ranges. */
    private final List<int[][]> ranges;
    private final boolean any;
    private final List<String> ipv6;

    private AddressPattern(String text, List<int[][]> ranges, boolean any) {
        this(text, ranges, any, List.of());
    }

    private AddressPattern(String text, List<int[][]> ranges, boolean any, List<String> ipv6) {
        this.text = text;
        this.ranges = ranges;
        this.any = any;
        this.ipv6 = ipv6;
    }

    /** @throws AclConfigException naming the entry when it is not one of the forms */
    public static AddressPattern parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String t = text.trim();
        if (t.equals("*") || t.equals("*.*.*.*") || t.equals("*:*:*:*:*:*:*:*")) {
            return new AddressPattern(t, List.of(), true);
        }
        List<String> alternatives = new ArrayList<>();
        int brace = t.indexOf('{');
        if (brace >= 0) {
            if (!t.endsWith("}") || brace == 0 || t.charAt(brace - 1) != '.') {
                throw bad(t);
            }
            String head = t.substring(0, brace);
            for (String last : t.substring(brace + 1, t.length() - 1).split(",", -1)) {
                alternatives.add(head + last.trim());
            }
        } else {
            for (String part : t.split(",", -1)) {
                alternatives.add(part.trim());
            }
        }
        List<int[][]> ranges = new ArrayList<>();
        List<String> ipv6 = new ArrayList<>();
        for (String a : alternatives) {
            if (a.contains(":")) {
                ipv6.add(normalizeIpv6(a, t));
            } else {
                ranges.add(ipv4(a, t, alternatives.size() > 1));
            }
        }
        return new AddressPattern(t, List.copyOf(ranges), false, List.copyOf(ipv6));
    }

    private static int[][] ipv4(String address, String whole, boolean exactOnly) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(whole);
        }
        int[][] r = new int[4][];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (exactOnly && !p.matches("\\d{1,3}")) {
                throw bad(whole);
            }
            if (p.equals("*")) {
                r[i] = new int[] {0, 255};
            } else if (p.matches("\\d{1,3}-\\d{1,3}")) {
                int dash = p.indexOf('-');
                r[i] = new int[] {octet(p.substring(0, dash), whole), octet(p.substring(dash + 1), whole)};
                if (r[i][0] > r[i][1]) {
                    throw bad(whole);
                }
            } else {
                int v = octet(p, whole);
                r[i] = new int[] {v, v};
            }
        }
        return r;
    }

    private static int octet(String p, String whole) {
        if (!p.matches("\\d{1,3}")) {
            throw bad(whole);
        }
        int v = Integer.parseInt(p);
        if (v > 255) {
            throw bad(whole);
        }
        return v;
    }

    private static String normalizeIpv6(String a, String whole) {
        if (!a.matches("[0-9a-fA-F:]+") || a.indexOf("::") != a.lastIndexOf("::")) {
            throw bad(whole);
        }
        String[] halves = a.split("::", -1);
        List<String> head = groups(halves[0], whole);
        List<String> tail = halves.length > 1 ? groups(halves[1], whole) : List.of();
        int missing = 8 - head.size() - tail.size();
        if ((halves.length == 1 && missing != 0) || missing < 0) {
            throw bad(whole);
        }
        List<String> all = new ArrayList<>(head);
        for (int i = 0; i < missing; i++) {
            all.add("0");
        }
        all.addAll(tail);
        return String.join(":", all);
    }

    private static List<String> groups(String half, String whole) {
        List<String> out = new ArrayList<>();
        if (half.isEmpty()) {
            return out;
        }
        for (String g : half.split(":", -1)) {
            if (g.isEmpty() || g.length() > 4) {
                throw bad(whole);
            }
            out.add(Integer.toHexString(Integer.parseInt(g, 16)).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static AclConfigException bad(String text) {
        return new AclConfigException("'" + text + "' is not a white address (forms: *, 10.0.0.1, 10.0.0.1,10.0.0.2,"
                + " 10.0.0.{1,2}, 10.0.0.1-100, 10.0.*.*)");
    }

    /** Whether the peer's host (an IP literal, without port) matches. */
    public boolean matches(String host) {
        if (any) {
            return true;
        }
        if (host == null) {
            return false;
        }
        if (host.contains(":")) {
            try {
                return ipv6.contains(normalizeIpv6(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, host));
            } catch (AclConfigException e) {
                return false;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return false;
            }
            octets[i] = Integer.parseInt(parts[i]);
        }
        for (int[][] r : ranges) {
            if (within(r, octets)) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(int[][] r, int[] octets) {
        for (int i = 0; i < 4; i++) {
            if (octets[i] < r[i][0] || octets[i] > r[i][1]) {
                return false;
            }
        }
        return true;
    }

    public boolean isBlank() {
        return text.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
