package io.petrel.real.net;

import io.petrel.env.CloseCause;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first reason a channel is going down, shared by its decoder and inbound adapter on the IO
 * thread. The first reason wins because later ones are consequences (a write fails because the
 * decoder already closed the channel). When nothing was recorded the peer closed in an orderly
 * way. Thread-safe.
 */
final class CloseReason {

    private final AtomicReference<CloseCause> first = new AtomicReference<>();

    void offer(CloseCause cause) {
        first.compareAndSet(null, cause);
    }

    /** The recorded reason, or {@code PEER_CLOSED} when none was. */
    CloseCause resolve() {
        CloseCause cause = first.get();
        return cause != null ? cause : CloseCause.of(CloseCause.Kind.PEER_CLOSED, "the peer closed the connection");
    }
}
