package io.petrel.admin;

import io.petrel.common.FilterApi;
import io.petrel.common.MessageQueue;
import io.petrel.common.SubscriptionData;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PULL_MESSAGE answer the way RocketMQ's client does: the code gives the status, the
 * header the next offset and the queue bounds, and the messages found are kept only when their
 * tag is subscribed (the broker filters by tag hash, which can collide). A FOUND answer whose
 * messages are all filtered out becomes NO_MATCHED_MSG.
 */
final class PullAnswers {

    private PullAnswers() {
    }

    static PullAnswer from(String peer, RemotingCommand r, MessageQueue mq, String expression) {
        PullAnswer.Status status = switch (r.code()) {
            case ResponseCode.SUCCESS -> PullAnswer.Status.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> PullAnswer.Status.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullAnswer.Status.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> PullAnswer.Status.OFFSET_ILLEGAL;
            default -> throw AdminException.remote(peer, RequestCode.describe(RequestCode.PULL_MESSAGE), r.code(), r.remark());
        };
        ConsumerHeaders.PullMessageResponseHeader h = r.decodeHeader(ConsumerHeaders.PullMessageResponseHeader.class);
        List<AdminMessage> messages = status == PullAnswer.Status.FOUND
                ? subscribed(MessageDecoding.decodeAll(r.bodyBytes(), mq.brokerName()), mq.topic(), expression)
                : List.of();
        if (status == PullAnswer.Status.FOUND && messages.isEmpty()) {
            status = PullAnswer.Status.NO_MATCHED_MSG;
        }
        return new PullAnswer(status, h.nextBeginOffset(), h.minOffset(), h.maxOffset(), messages);
    }

    private static List<AdminMessage> subscribed(List<AdminMessage> found, String topic, String expression) {
        SubscriptionData subscription;
        try {
            subscription = FilterApi.build(topic, expression, 0);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, e.getMessage());
        }
        if (subscription.subscribesAll()) {
            return found;
        }
        List<AdminMessage> kept = new ArrayList<>();
        for (AdminMessage m : found) {
            if (m.tags() != null && subscription.tagsSet().contains(m.tags())) {
                kept.add(m);
            }
        }
        return kept;
    }
}
