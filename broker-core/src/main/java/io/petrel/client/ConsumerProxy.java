package io.petrel.client;

import io.petrel.common.BodyException;
import io.petrel.common.BrokerData;
import io.petrel.common.ConsumerIdList;
import io.petrel.common.Json;
import io.petrel.common.LockBatchRequestBody;
import io.petrel.common.LockBatchResponseBody;
import io.petrel.common.MessageQueue;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.ConsumerSendMsgBackRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetConsumerListByGroupRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetMaxOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetMinOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.OffsetResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryConsumerOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.QueryConsumerOffsetResponseHeader;
import io.petrel.remoting.header.ConsumerHeaders.SearchOffsetRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.UpdateConsumerOffsetRequestHeader;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The consumer-side requests to brokers, encoded once: consume offsets (query, update), queue
 * offsets (min, max, by timestamp), the group's member list, queue locks and send-back. Each
 * answer comes back on the loop as a value or a {@link ClientException} naming broker and code.
 */
final class ConsumerProxy {

    /** Query answer when the broker has no offset for the group (QUERY_NOT_FOUND). */
    static final long OFFSET_NOT_FOUND = -1;

    private final ClientInstance instance;

    /** Per queue, the broker id the last pull answer suggested (RocketMQ's pullFromWhichNodeTable). */
    private final TreeMap<MessageQueue, Long> pullFromWhichNode = new TreeMap<>();

    ConsumerProxy(ClientInstance instance) {
        this.instance = instance;
    }

    private long timeoutMs() {
        return instance.config().mqClientApiTimeoutMs();
    }

    /**
     * Where to pull {@code mq} from, as the official client decides: the broker id the last pull
     * answer suggested (the master at first), else the group's master, else a slave. Null when the
     * route names no address.
     */
    TopicRoutes.SubscribeAddress pullTarget(MessageQueue mq) {
        long suggested = pullFromWhichNode.getOrDefault(mq, BrokerData.MASTER_ID);
        return instance.routes().findInSubscribe(mq.brokerName(), suggested, false);
    }

    /** A pull answer's {@code suggestWhichBrokerId} for {@code mq}. */
    void suggest(MessageQueue mq, long brokerId) {
        if (brokerId == BrokerData.MASTER_ID) {
            pullFromWhichNode.remove(mq);
        } else {
            pullFromWhichNode.put(mq, brokerId);
        }
    }

    /** The broker address serving {@code brokerName} (its master, or a slave when none is known). */
    String addressOf(String brokerName) {
        return instance.routes().address(brokerName, true);
    }

    private boolean noAddress(String brokerName, Consumer<ClientException> onError) {
        if (addressOf(brokerName) != null) {
            return false;
        }
        onError.accept(new ClientException(-1, "The broker[" + brokerName + "] not exist"));
        return true;
    }

    /** QUERY_CONSUMER_OFFSET: the stored offset, or {@link #OFFSET_NOT_FOUND}. */
    void queryConsumerOffset(String group, MessageQueue mq, Consumer<Long> onOffset, Consumer<ClientException> onError) {
        if (noAddress(mq.brokerName(), onError)) {
            return;
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new QueryConsumerOffsetRequestHeader(group, mq.topic(), mq.queueId(), mq.brokerName()));
        instance.rpc().call(addressOf(mq.brokerName()), request, timeoutMs(), response -> {
            if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
                onOffset.accept(OFFSET_NOT_FOUND);
            } else if (response.code() == ResponseCode.SUCCESS) {
                onOffset.accept(response.decodeHeader(QueryConsumerOffsetResponseHeader.class).offset());
            } else {
                onError.accept(refused(response, mq.brokerName()));
            }
        }, onError);
    }

    /**
     * UPDATE_CONSUMER_OFFSET, oneway, to the master, or to a slave while the master is not in the
     * route (as RocketMQ 4.9.8's client does); the slave hands such offsets to its master when the
     * master is back.
     */
    void updateConsumerOffsetOneway(String group, MessageQueue mq, long offset) {
        String address = addressOf(mq.brokerName());
        if (address != null) {
            instance.rpc().oneway(address, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                    new UpdateConsumerOffsetRequestHeader(group, mq.topic(), mq.queueId(), offset, mq.brokerName())));
        }
    }

    void maxOffset(MessageQueue mq, Consumer<Long> onOffset, Consumer<ClientException> onError) {
        queueOffset(mq, RemotingCommand.request(RequestCode.GET_MAX_OFFSET,
                new GetMaxOffsetRequestHeader(mq.topic(), mq.queueId(), mq.brokerName())), onOffset, onError);
    }

    void minOffset(MessageQueue mq, Consumer<Long> onOffset, Consumer<ClientException> onError) {
        queueOffset(mq, RemotingCommand.request(RequestCode.GET_MIN_OFFSET,
                new GetMinOffsetRequestHeader(mq.topic(), mq.queueId(), mq.brokerName())), onOffset, onError);
    }

    void searchOffset(MessageQueue mq, long timestampMs, Consumer<Long> onOffset, Consumer<ClientException> onError) {
        queueOffset(mq, RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                new SearchOffsetRequestHeader(mq.topic(), mq.queueId(), timestampMs, mq.brokerName())), onOffset, onError);
    }

    private void queueOffset(MessageQueue mq, RemotingCommand request, Consumer<Long> onOffset,
            Consumer<ClientException> onError) {
        if (noAddress(mq.brokerName(), onError)) {
            return;
        }
        instance.rpc().callOk(addressOf(mq.brokerName()), request, timeoutMs(),
                response -> onOffset.accept(response.decodeHeader(OffsetResponseHeader.class).offset()), onError);
    }

    /** GET_CONSUMER_LIST_BY_GROUP from one broker: the ids of the group's live members. */
    void consumerIds(String brokerAddress, String group, Consumer<List<String>> onIds, Consumer<ClientException> onError) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                new GetConsumerListByGroupRequestHeader(group));
        instance.rpc().callOk(brokerAddress, request, timeoutMs(), response -> {
            try {
                ConsumerIdList ids = Json.read(response.bodyBytes(), ConsumerIdList.class);
                onIds.accept(ids.consumerIdList() == null ? List.of() : ids.consumerIdList());
            } catch (BodyException e) {
                onError.accept(new ClientException(-1, "bad consumer list from " + brokerAddress + ": " + e.getMessage()));
            }
        }, onError);
    }

    /** LOCK_BATCH_MQ on one broker: {@code onLocked} gets the queues this client now holds. */
    void lockBatch(String brokerName, String group, Set<MessageQueue> queues,
            Consumer<Set<MessageQueue>> onLocked, Consumer<ClientException> onError) {
        String master = instance.routes().masterAddress(brokerName);
        if (master == null) {
            onError.accept(new ClientException(-1, "The broker[" + brokerName + "] has no master to lock queues on"));
            return;
        }
        byte[] body = Json.write(new LockBatchRequestBody(group, instance.clientId(), queues));
        instance.rpc().callOk(master, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ, null).body(body), timeoutMs(),
                response -> {
                    try {
                        onLocked.accept(new TreeSet<>(Json.read(response.bodyBytes(), LockBatchResponseBody.class).lockOKMQSet()));
                    } catch (BodyException e) {
                        onError.accept(new ClientException(-1, "bad lock answer from " + master + ": " + e.getMessage()));
                    }
                }, onError);
    }

    /** UNLOCK_BATCH_MQ on one broker; {@code done} runs when it answered or failed. */
    void unlockBatch(String brokerName, String group, Set<MessageQueue> queues, Runnable done) {
        String master = instance.routes().masterAddress(brokerName);
        if (master == null) {
            done.run();
            return;
        }
        byte[] body = Json.write(new LockBatchRequestBody(group, instance.clientId(), queues));
        instance.rpc().call(master, RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ, null).body(body), timeoutMs(),
                response -> done.run(), error -> done.run());
    }

    /**
     * CONSUMER_SEND_MSG_BACK: asks the broker that stored {@code message} to store it again in the
     * group's retry topic (or its DLQ once {@code maxReconsumeTimes} is reached).
     */
    void sendBack(MessageExt message, String group, int delayLevel, int maxReconsumeTimes,
            BiConsumer<Boolean, ClientException> done) {
        String address = instance.routes().masterAddress(message.getBrokerName());
        if (address == null) {
            done.accept(false, new ClientException(-1, "The broker[" + message.getBrokerName() + "] has no master"));
            return;
        }
        ConsumerSendMsgBackRequestHeader header = new ConsumerSendMsgBackRequestHeader(message.getCommitLogOffset(), group,
                delayLevel, message.getMsgId(), message.getTopic(), false, maxReconsumeTimes, message.getBrokerName());
        instance.rpc().callOk(address, RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK, header),
                timeoutMs(), response -> done.accept(true, null), error -> done.accept(false, error));
    }

    static ClientException refused(RemotingCommand response, String broker) {
        return new ClientException(response.code(), "CODE: " + response.code() + "  DESC: " + response.remark()
                + " BROKER: " + broker);
    }
}
