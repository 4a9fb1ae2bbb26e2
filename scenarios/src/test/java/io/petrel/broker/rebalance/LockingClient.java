package io.petrel.broker.rebalance;

import io.petrel.common.Json;
import io.petrel.common.LockBatchRequestBody;
import io.petrel.common.LockBatchResponseBody;
import io.petrel.common.MessageQueue;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingFailure;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An orderly consumer reduced to its locking, as Petrel's client is meant to lock: it asks for its
 * queues every 20 s (with jitter), sometimes gives them up, and believes it owns a queue for 30 s
 * from when it <em>sent</em> the request that granted it — a response delayed by a clogged link
 * must not extend the belief — and closes its connection after a timeout, since a broker that lost
 * power never resets it. Every belief is reported as an interval of global simulated time.
 */
final class LockingClient implements Node {

    /** A client's belief that it owns a queue during [fromNanos, untilNanos). */
    record Belief(String clientId, MessageQueue mq, long fromNanos, long untilNanos) {
    }

    interface Beliefs {
        void add(Belief belief);

        /** Ends the client's open beliefs at {@code nanos} (it stopped consuming before unlocking). */
        void endAll(String clientId, long nanos);
    }

    static final long RENEW_MS = 20_000;
    static final long CLIENT_LOCK_MAX_LIVE_NANOS = 30_000_000_000L;

    private final Env env;
    private final String clientId;
    private final Address broker;
    private final List<MessageQueue> queues;
    private final LongSupplier globalNanos;
    private final Beliefs beliefs;
    private RemotingClient client;

    LockingClient(Env env, String clientId, Address broker, List<MessageQueue> queues, LongSupplier globalNanos,
            Beliefs beliefs) {
        this.env = env;
        this.clientId = clientId;
        this.broker = broker;
        this.queues = queues;
        this.globalNanos = globalNanos;
        this.beliefs = beliefs;
    }

    @Override
    public void start() {
        client = new RemotingClient(env, new RequestDispatcher(env), 3_000);
        env.scheduler().schedule(env.random().nextInt(5_000), this::round);
    }

    private void round() {
        env.scheduler().schedule(RENEW_MS + env.random().nextInt(2_000), this::round);
        if (env.random().nextInt(10) == 0) {
            beliefs.endAll(clientId, globalNanos.getAsLong());
            client.invoke(broker, request(RequestCode.UNLOCK_BATCH_MQ), 3_000, ResponseCallback.of(r -> { }, this::onFailure));
        } else {
            long sentAt = globalNanos.getAsLong();
            client.invoke(broker, request(RequestCode.LOCK_BATCH_MQ), 3_000, ResponseCallback.of(r -> onLocked(r, sentAt),
                    this::onFailure));
        }
    }

    /** A connection that timed out may lead to a peer that lost power: start again on a new one. */
    private void onFailure(RemotingFailure failure) {
        if (failure.kind() == RemotingFailure.Kind.TIMEOUT) {
            client.closeChannel(broker);
        }
    }

    private RemotingCommand request(int code) {
        return RemotingCommand.request(code, null).body(Json.write(new LockBatchRequestBody("CG", clientId, Set.copyOf(queues))));
    }

    private void onLocked(RemotingCommand response, long sentAt) {
        if (response.code() != ResponseCode.SUCCESS) {
            return;
        }
        for (MessageQueue mq : Json.read(response.bodyBytes(), LockBatchResponseBody.class).lockOKMQSet()) {
            beliefs.add(new Belief(clientId, mq, sentAt, sentAt + CLIENT_LOCK_MAX_LIVE_NANOS));
        }
    }

    @Override
    public void shutdown(Runnable done) {
        client.stop();
        done.run();
    }
}
