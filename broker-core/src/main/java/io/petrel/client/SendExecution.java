package io.petrel.client;

import io.petrel.common.MessageQueue;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;

/**
 * One send with its retries (RocketMQ's sendDefaultImpl): each attempt picks the next queue,
 * avoiding the broker that just failed (and, with fault avoidance on, brokers that were slow or
 * down), within the overall send timeout. Stored-but-not-OK statuses end the send unless
 * {@code retryAnotherBrokerWhenNotStoreOK}; the codes RocketMQ retries on (topic missing, service
 * unavailable, system error, no permission, ...) try another queue; anything else is the answer.
 */
final class SendExecution {

    private static final int[] RETRY_CODES = {ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
        ResponseCode.SYSTEM_ERROR, ResponseCode.NO_PERMISSION, ResponseCode.NO_BUYER_ID, ResponseCode.NOT_IN_CURRENT_UNIT};

    private final Producer producer;
    private final PreparedSend send;
    private final TopicPublishInfo info;
    private final SendCallback callback;
    private final long deadlineNanos;
    private int attemptsLeft;
    private String lastBroker;
    private ClientException lastError;

    SendExecution(Producer producer, PreparedSend send, TopicPublishInfo info, int attempts, SendCallback callback) {
        this.producer = producer;
        this.send = send;
        this.info = info;
        this.callback = callback;
        this.attemptsLeft = attempts;
        this.deadlineNanos = nowNanos() + producer.config().sendMsgTimeoutMs() * 1_000_000L;
    }

    private long nowNanos() {
        return producer.instance().env().clock().nanoTime();
    }

    void start() {
        attempt();
    }

    private void attempt() {
        long remainingMs = (deadlineNanos - nowNanos()) / 1_000_000L;
        if (remainingMs <= 0 || attemptsLeft <= 0) {
            if (remainingMs <= 0) {
                producer.instance().env().log().probe("client-send-timeout");
            }
            fail(remainingMs <= 0 ? new ClientException(-1, "sendDefaultImpl call timeout"
                    + (lastError == null ? "" : "; last error: " + lastError.getMessage())) : lastError);
            return;
        }
        attemptsLeft--;
        MessageQueue mq = select();
        if (lastBroker != null && !lastBroker.equals(mq.brokerName())) {
            producer.instance().env().log().probe("client-send-retry-other-broker");
        }
        String address = producer.instance().routes().masterAddress(mq.brokerName());
        if (address == null) {
            lastError = new ClientException(-1, "The broker[" + mq.brokerName() + "] not exist");
            lastBroker = mq.brokerName();
            attempt();
            return;
        }
        long startNanos = nowNanos();
        producer.instance().rpc().call(address, request(mq), remainingMs,
                response -> onResponse(response, mq, startNanos),
                error -> {
                    producer.faults().update(mq.brokerName(), 0, true, nowNanos());
                    lastBroker = mq.brokerName();
                    lastError = error;
                    attempt();
                });
    }

    private MessageQueue select() {
        if (producer.config().sendLatencyFaultEnable()) {
            long now = nowNanos();
            return info.selectAvailable(broker -> producer.faults().isAvailable(broker, now), lastBroker);
        }
        return info.selectOne(lastBroker);
    }

    private RemotingCommand request(MessageQueue mq) {
        ProducerConfig c = producer.config();
        SendMessageRequestHeaderV2 header = new SendMessageRequestHeaderV2(c.producerGroup(), send.topic(),
                c.createTopicKey(), c.defaultTopicQueueNums(), mq.queueId(), send.sysFlag(), send.bornTimestamp(),
                send.flag(), send.properties(), send.reconsumeTimes(), false, send.maxReconsumeTimes(), send.batch(),
                mq.brokerName());
        int code = send.batch() ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2;
        return RemotingCommand.request(code, header).body(send.body());
    }

    private void onResponse(RemotingCommand response, MessageQueue mq, long startNanos) {
        producer.faults().update(mq.brokerName(), (nowNanos() - startNanos) / 1_000_000L, false, nowNanos());
        SendStatus status = switch (response.code()) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> null;
        };
        if (status == null) {
            onRefused(response, mq);
            return;
        }
        SendResult result = result(response, mq, status);
        if (status != SendStatus.SEND_OK && producer.config().retryAnotherBrokerWhenNotStoreOK() && attemptsLeft > 0) {
            lastBroker = mq.brokerName();
            attempt();
            return;
        }
        callback.onSuccess(result);
    }

    private void onRefused(RemotingCommand response, MessageQueue mq) {
        lastError = new ClientException(response.code(), "CODE: " + response.code() + "  DESC: " + response.remark()
                + " BROKER: " + mq.brokerName());
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            producer.forgetRoute(send.topic());
        }
        for (int retryCode : RETRY_CODES) {
            if (retryCode == response.code()) {
                lastBroker = mq.brokerName();
                attempt();
                return;
            }
        }
        fail(lastError);
    }

    private SendResult result(RemotingCommand response, MessageQueue mq, SendStatus status) {
        SendMessageResponseHeader h = response.decodeHeader(SendMessageResponseHeader.class);
        MessageQueue actual = new MessageQueue(mq.topic(), mq.brokerName(), h.queueId());
        return new SendResult(status, send.uniqueIds(), h.msgId(), actual, h.queueOffset(), response.extField("MSG_REGION"));
    }

    private void fail(ClientException error) {
        callback.onException(error == null ? new ClientException(-1, "send failed") : error);
    }

    /** A oneway send: one attempt, no answer expected. */
    static void oneway(Producer producer, PreparedSend send, MessageQueue mq) {
        String address = producer.instance().routes().masterAddress(mq.brokerName());
        if (address == null) {
            producer.instance().env().log().warn("oneway send dropped: broker {} has no master", mq.brokerName());
            return;
        }
        ProducerConfig c = producer.config();
        SendMessageRequestHeaderV2 header = new SendMessageRequestHeaderV2(c.producerGroup(), send.topic(),
                c.createTopicKey(), c.defaultTopicQueueNums(), mq.queueId(), send.sysFlag(), send.bornTimestamp(),
                send.flag(), send.properties(), 0, false, null, send.batch(), mq.brokerName());
        producer.instance().rpc().oneway(address, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header)
                .body(send.body()));
    }
}
