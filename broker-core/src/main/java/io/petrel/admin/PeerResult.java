package io.petrel.admin;

/**
 * What one broker or NameServer did in an operation that touches several: its address and the
 * value it returned or the error it ended with. mqadmin prints one line per peer from these.
 */
public record PeerResult<T>(String peer, T value, AdminException error) {

    public static <T> PeerResult<T> of(String peer, Settled<T> outcome) {
        return new PeerResult<>(peer, outcome.value(), outcome.error());
    }

    public boolean isOk() {
        return error == null;
    }
}
