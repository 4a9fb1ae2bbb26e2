package io.petrel.remoting;

/**
 * Handles one kind of request. It answers with {@link RemotingChannel#reply}, now or later (long
 * polling, flush waits); a oneway request's reply is dropped by the channel. A
 * {@link HeaderException} or {@link io.petrel.common.BodyException} thrown here is answered with
 * SYSTEM_ERROR and its message.
 */
@FunctionalInterface
public interface RequestProcessor {

    void process(RemotingChannel channel, RemotingCommand request);
}
