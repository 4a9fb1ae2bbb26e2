package io.petrel.remoting;

/**
 * A check in front of every processor of a {@link RequestDispatcher} (the broker installs its ACL
 * here, as RocketMQ 4.9 installs its ACL as a server RPC hook). It runs on the node's loop, must
 * not change state the processors own, and answers with the refusal to send back, or null to let
 * the request through.
 */
@FunctionalInterface
public interface RequestGuard {

    RequestGuard ALLOW_ALL = (channel, request) -> null;

    RemotingCommand check(RemotingChannel channel, RemotingCommand request);

    /**
     * For a processor that learns a request's topic only from what it names (END_TRANSACTION's half
     * message): null when its sender may publish to {@code topic}, else the refusal's remark. Only
     * an access guard refuses.
     */
    default String publishRefusal(RemotingChannel channel, RemotingCommand request, String topic) {
        return null;
    }
}
