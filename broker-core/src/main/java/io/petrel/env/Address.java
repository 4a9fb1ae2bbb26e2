package io.petrel.env;

import java.util.Objects;

/**
 * A network address as RocketMQ writes it: {@code host:port}. The host is an IPv4 literal in
 * both runtimes (brokers put it into stored messages as the 4-byte store host), or a name the
 * real runtime resolves. Port 0 in {@link Network#listen} asks for any free port.
 */
public record Address(String host, int port) implements Comparable<Address> {

    public Address {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "address");
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: '" + text + "'");
        }
        String portText = trimmed.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in address '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in address '" + text + "'");
        }
        return new Address(trimmed.substring(0, colon), port);
    }

    public Address withPort(int newPort) {
        return new Address(host, newPort);
    }

    @Override
    public int compareTo(Address other) {
        int byHost = host.compareTo(other.host);
        return byHost != 0 ? byHost : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
