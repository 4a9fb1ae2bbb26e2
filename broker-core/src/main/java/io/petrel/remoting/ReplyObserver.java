package io.petrel.remoting;

/** Told of every reply a node's connections hand to the network, on the node's loop. */
@FunctionalInterface
public interface ReplyObserver {

    ReplyObserver NONE = (request, responseCode, written, nowNanos) -> { };

    /**
     * {@code request} (with its {@link RemotingCommand#receivedNanos()}) was answered with
     * {@code responseCode}; {@code written} is false when the reply could not be written;
     * {@code nowNanos} is the node's monotonic time of the reply.
     */
    void onReplied(RemotingCommand request, int responseCode, boolean written, long nowNanos);
}
