package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.client.ConsumerManager;
import io.petrel.broker.rebalance.RebalanceLockManager;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.common.BodyException;
import io.petrel.common.Json;
import io.petrel.common.LockBatchRequestBody;
import io.petrel.common.LockBatchResponseBody;
import io.petrel.common.MessageQueue;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;

/**
 * LOCK_BATCH_MQ and UNLOCK_BATCH_MQ (docs/protocol.md §3.4): an orderly consumer asks to own
 * queues before consuming them and renews every 20 s; the answer lists the queues it owns. A
 * request naming a group the broker does not know (no subscription group and no online member)
 * is refused with SUBSCRIPTION_GROUP_NOT_EXIST rather than creating lock state for it, and a
 * malformed body with SYSTEM_ERROR; neither changes any lock.
 */
public final class RebalanceLockProcessor {

    /** More queues than any broker could serve one client; bounds the work of one request. */
    static final int MAX_QUEUES_PER_REQUEST = 65_536;

    private final RebalanceLockManager locks;
    private final SubscriptionGroupManager groups;
    private final ConsumerManager consumers;

    public RebalanceLockProcessor(RebalanceLockManager locks, SubscriptionGroupManager groups, ConsumerManager consumers) {
        this.locks = locks;
        this.groups = groups;
        this.consumers = consumers;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.LOCK_BATCH_MQ, (ch, req) -> handle(ch, req, true))
                .register(RequestCode.UNLOCK_BATCH_MQ, (ch, req) -> handle(ch, req, false));
    }

    private void handle(RemotingChannel channel, RemotingCommand request, boolean lock) {
        LockBatchRequestBody body;
        try {
            body = Json.read(request.bodyBytes(), LockBatchRequestBody.class);
        } catch (BodyException e) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, e.getMessage());
            return;
        }
        String problem = problem(body);
        if (problem != null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, problem);
            return;
        }
        String group = body.consumerGroup();
        if (groups.get(group) == null && consumers.group(group) == null) {
            error(channel, request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group not exist, " + group
                    + ": queues are locked for groups whose consumers heartbeat to this broker");
            return;
        }
        if (lock) {
            Replies.ok(channel, request, new LockBatchResponseBody(locks.tryLockBatch(group, body.mqSet(), body.clientId())));
        } else {
            locks.unlockBatch(group, body.mqSet(), body.clientId());
            Replies.ok(channel, request);
        }
    }

    private static String problem(LockBatchRequestBody body) {
        if (body.consumerGroup() == null || body.consumerGroup().isBlank()) {
            return "the lock request names no consumerGroup";
        }
        if (body.clientId() == null || body.clientId().isBlank()) {
            return "the lock request names no clientId";
        }
        if (body.mqSet().size() > MAX_QUEUES_PER_REQUEST) {
            return "the lock request names " + body.mqSet().size() + " queues, more than " + MAX_QUEUES_PER_REQUEST;
        }
        for (MessageQueue mq : body.mqSet()) {
            if (mq == null || mq.topic() == null || mq.brokerName() == null) {
                return "the lock request has a queue without topic or brokerName";
            }
        }
        return null;
    }
}
