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
}
