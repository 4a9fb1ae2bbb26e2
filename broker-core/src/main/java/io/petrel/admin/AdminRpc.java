package io.petrel.admin;

import io.petrel.env.Address;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingFailure;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;

/**
 * Sends one admin request and turns the outcome into a {@link Promise}: a transport failure
 * becomes an {@link AdminException} naming the peer and the request; {@link #success} also turns
 * a non-SUCCESS answer into a {@link AdminException.Kind#REMOTE_ERROR}. Runs on the node's loop.
 */
final class AdminRpc {

    private final RemotingClient client;
    private final long timeoutMs;

    AdminRpc(RemotingClient client, long timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** Sends {@code request}; fails only when no answer came. {@code peer} is e.g. "broker 1.2.3.4:10911". */
    Promise<RemotingCommand> call(String peer, Address address, RemotingCommand request, long timeout) {
        Promise<RemotingCommand> promise = Promise.pending();
        String what = RequestCode.describe(request.code());
        client.invoke(address, request, timeout, ResponseCallback.of(promise::complete,
                failure -> promise.fail(transportError(peer, what, failure))));
        return promise;
    }

    /** Like {@link #call}, and fails on any answer but SUCCESS. */
    Promise<RemotingCommand> success(String peer, Address address, RemotingCommand request, long timeout) {
        String what = RequestCode.describe(request.code());
        return call(peer, address, request, timeout).map(response -> requireSuccess(peer, what, response));
    }

    static RemotingCommand requireSuccess(String peer, String request, RemotingCommand response) {
        if (response.code() != ResponseCode.SUCCESS) {
            throw AdminException.remote(peer, request, response.code(), response.remark());
        }
        return response;
    }

    static AdminException transportError(String peer, String request, RemotingFailure failure) {
        return switch (failure.kind()) {
            case TIMEOUT -> new AdminException(AdminException.Kind.TIMEOUT,
                    "no answer from " + peer + " to " + request + " (" + failure.message() + ")");
            case CONNECT_FAILED -> new AdminException(AdminException.Kind.BROKER_UNREACHABLE,
                    "cannot connect to " + peer + ": " + failure.message());
            case CONNECTION_CLOSED, SEND_FAILED -> new AdminException(AdminException.Kind.BROKER_UNREACHABLE,
                    "connection to " + peer + " lost before it answered " + request + ": " + failure.message());
        };
    }
}
