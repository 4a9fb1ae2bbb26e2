package io.petrel.client;

import io.petrel.common.MessageQueue;
import io.petrel.common.MixAll;
import io.petrel.common.QueueData;
import io.petrel.common.TopicRouteData;
import io.petrel.common.message.BatchBodyFormat;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.remoting.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.Deflater;

/**
 * A producer (RocketMQ's DefaultMQProducer): sync-style, async and oneway sends, batches, and
 * ordered sends through a {@link MessageQueueSelector}. Every call returns at once; results arrive
 * through the callback on the client's loop. Routes are cached per topic and refreshed every 30 s
 * and after failures; an unknown topic is sent through the TBW102 route so the broker can create
 * it, as RocketMQ does.
 */
public final class Producer {

    private static final int COMPRESSED_ZLIB = 0x1 | (3 << 8);
    private static final int ZLIB_LEVEL = 5;

    private final ClientInstance instance;
    private final ProducerConfig config;
    private final Map<String, TopicPublishInfo> publishInfo = new TreeMap<>();
    private final Map<String, TopicRouteData> publishRoutes = new TreeMap<>();
    private final LatencyFaultTolerance faults = new LatencyFaultTolerance();
    private boolean started;
    private boolean stopped;
    private TransactionListener transactionListener;

    public Producer(ClientInstance instance, ProducerConfig config) {
        this.instance = instance;
        this.config = config;
    }

    public ProducerConfig config() {
        return config;
    }

    public void start() {
        MessageValidator.checkGroup(config.producerGroup(), "producerGroup");
        instance.registerProducer(config.producerGroup(), this);
        instance.start();
        started = true;
    }

    /** Starts a producer the instance owns itself: not registered, so not in heartbeats twice. */
    void startInner() {
        started = true;
    }

    private void checkRunning() {
        if (!started || stopped) {
            throw new ClientException(-1, "The producer service state not OK, " + (stopped ? "SHUTDOWN_ALREADY" : "CREATE_JUST"));
        }
    }

    /** Sends with the synchronous send's retries ({@code retryTimesWhenSendFailed}). */
    public void send(Message message, SendCallback callback) {
        send(message, config.retryTimesWhenSendFailed(), callback);
    }

    /** Sends with the asynchronous send's retries ({@code retryTimesWhenSendAsyncFailed}). */
    public void sendAsync(Message message, SendCallback callback) {
        send(message, config.retryTimesWhenSendAsyncFailed(), callback);
    }

    private void send(Message message, int retries, SendCallback callback) {
        PreparedSend prepared;
        try {
            checkRunning();
            prepared = prepare(message);
        } catch (ClientException e) {
            instance.env().scheduler().execute(() -> callback.onException(e));
            return;
        }
        resolve(message.getTopic(), (info, error) -> {
            if (error != null) {
                callback.onException(error);
            } else {
                new SendExecution(this, prepared, info, 1 + retries, callback).start();
            }
        });
    }

    /** Sends without waiting for any answer; errors are only logged. */
    public void sendOneway(Message message) {
        checkRunning();
        PreparedSend prepared = prepare(message);
        resolve(message.getTopic(), (info, error) -> {
            if (error == null) {
                SendExecution.oneway(this, prepared, info.selectOne(null));
            } else {
                instance.env().log().warn("oneway send to {} dropped: {}", message.getTopic(), error.getMessage());
            }
        });
    }

    /** Sends to the queue {@code selector} picks among the topic's writable queues; no retry elsewhere. */
    public void send(Message message, MessageQueueSelector selector, Object arg, SendCallback callback) {
        PreparedSend prepared;
        try {
            checkRunning();
            prepared = prepare(message);
        } catch (ClientException e) {
            instance.env().scheduler().execute(() -> callback.onException(e));
            return;
        }
        resolve(message.getTopic(), (info, error) -> {
            if (error != null) {
                callback.onException(error);
                return;
            }
            MessageQueue mq = selector.select(info.queues, message, arg);
            if (mq == null || !info.queues.contains(mq)) {
                callback.onException(new ClientException(-1, "select message queue return null or a queue not in the route: " + mq));
                return;
            }
            new SendExecution(this, prepared, new TopicPublishInfo(List.of(mq), false, 0), 1, callback).start();
        });
    }

    /** Sends a batch (one topic, no delay, no retry topic) as one SEND_BATCH_MESSAGE. */
    public void send(List<Message> batch, SendCallback callback) {
        PreparedSend prepared;
        try {
            checkRunning();
            prepared = prepareBatch(batch);
        } catch (ClientException e) {
            instance.env().scheduler().execute(() -> callback.onException(e));
            return;
        }
        resolve(batch.get(0).getTopic(), (info, error) -> {
            if (error != null) {
                callback.onException(error);
            } else {
                new SendExecution(this, prepared, info, 1 + config.retryTimesWhenSendFailed(), callback).start();
            }
        });
    }

    /**
     * Makes this a transactional producer (RocketMQ's TransactionMQProducer); set before sending. A
     * broker can only ask a producer it knows, and a producer that just started (say, to replace one
     * that died with half messages outstanding) has sent nothing yet: so it looks up the route of
     * {@code createTopicKey} at once and heartbeats to its brokers, as RocketMQ's producers reach every
     * broker through that route.
     */
    public void setTransactionListener(TransactionListener listener) {
        this.transactionListener = listener;
        instance.notePublishedTopic(config.createTopicKey());
        instance.fetchRoute(config.createTopicKey(), (route, error) -> instance.heartbeatAll());
    }

    /**
     * Sends {@code message} as a half message, runs the listener's local transaction once it is
     * stored and ends the transaction with its outcome ({@link TransactionSend}); {@code done} gets
     * the result, or the exception when the half message could not be sent.
     */
    public void sendMessageInTransaction(Message message, Object arg, BiConsumer<TransactionSendResult, ClientException> done) {
        if (transactionListener == null) {
            instance.env().scheduler().execute(() -> done.accept(null, new ClientException(-1,
                    "TransactionListener is null: set one before sendMessageInTransaction")));
            return;
        }
        new TransactionSend(this, transactionListener).send(message, arg, done);
    }

    /** A broker asks about a half message of this group; without a listener there is nobody to ask. */
    void checkTransactionState(String brokerAddress, MessageExt message, long tranStateTableOffset, long commitLogOffset,
            String transactionId) {
        if (transactionListener == null) {
            instance.env().log().warn("broker {} asks producer group {} about transaction {}, but this producer has no"
                    + " TransactionListener", brokerAddress, config.producerGroup(), transactionId);
            return;
        }
        TransactionSend.answerCheck(this, transactionListener, brokerAddress, message, tranStateTableOffset,
                commitLogOffset, transactionId, instance.env().log());
    }

    /** The topic's writable queues, as {@code fetchPublishMessageQueues} gives them. */
    public void fetchPublishMessageQueues(String topic, BiConsumer<List<MessageQueue>, ClientException> result) {
        resolve(topic, (info, error) -> result.accept(info == null ? null : info.queues, error));
    }

    // ---- preparation -----------------------------------------------------------------------

    private PreparedSend prepare(Message message) {
        MessageValidator.check(message, config.maxMessageSize());
        if (message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) == null) {
            message.putProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, instance.ids().next());
        }
        byte[] body = message.getBody();
        int sysFlag = Boolean.parseBoolean(message.getProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED))
                ? MessageSysFlag.TRANSACTION_PREPARED_TYPE : 0;
        if (body.length > config.compressMsgBodyOverHowmuch()) {
            body = deflate(body);
            sysFlag |= COMPRESSED_ZLIB;
        }
        instance.notePublishedTopic(message.getTopic());
        Map<String, String> properties = new LinkedHashMap<>(message.getProperties());
        int reconsumeTimes = 0;
        Integer maxReconsumeTimes = null;
        if (MixAll.isRetryTopic(message.getTopic())) {
            String times = properties.remove(RetryProperties.RECONSUME_TIME);
            String max = properties.remove(RetryProperties.MAX_RECONSUME_TIMES);
            reconsumeTimes = times == null ? 0 : parseCount(times, RetryProperties.RECONSUME_TIME);
            maxReconsumeTimes = max == null ? null : parseCount(max, RetryProperties.MAX_RECONSUME_TIMES);
        }
        return new PreparedSend(message.getTopic(), body, sysFlag, message.getFlag(), MessageProperties.encode(properties),
                false, message.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                instance.env().clock().nowMs(), reconsumeTimes, maxReconsumeTimes);
    }

    private static int parseCount(String text, String property) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ClientException(-1, "property " + property + " must be a number, not '" + text + "'");
        }
    }

    private PreparedSend prepareBatch(List<Message> batch) {
        if (batch == null || batch.isEmpty()) {
            throw new ClientException(-1, "the batch is empty");
        }
        String topic = batch.get(0).getTopic();
        List<BatchBodyFormat.Entry> entries = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Message m : batch) {
            MessageValidator.check(m, config.maxMessageSize());
            if (!m.getTopic().equals(topic)) {
                throw new ClientException(-1, "The topic of the messages in one batch should be the same");
            }
            if (m.getDelayTimeLevel() > 0) {
                throw new ClientException(-1, "TimeDelayLevel is not supported for batching");
            }
            if (MixAll.isRetryTopic(topic)) {
                throw new ClientException(-1, "Retry Group is not supported for batching");
            }
            if (m.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) == null) {
                m.putProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, instance.ids().next());
            }
            ids.add(m.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
            entries.add(new BatchBodyFormat.Entry(m.getFlag(), m.getBody(), MessageProperties.encode(m.getProperties())));
        }
        ByteBuffer body = BatchBodyFormat.encode(entries);
        if (body.remaining() > config.maxMessageSize()) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL,
                    "the message body size over max value, MAX: " + config.maxMessageSize());
        }
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        instance.notePublishedTopic(topic);
        String wait = MessageProperties.encode(Collections.singletonMap(MessageConst.PROPERTY_WAIT_STORE_MSG_OK,
                String.valueOf(batch.get(0).isWaitStoreMsgOK())));
        return new PreparedSend(topic, bytes, 0, 0, wait, true, String.join(",", ids), instance.env().clock().nowMs(),
                0, null);
    }

    private static byte[] deflate(byte[] body) {
        Deflater deflater = new Deflater(ZLIB_LEVEL);
        try {
            deflater.setInput(body);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    // ---- routes ------------------------------------------------------------------------------

    /** The topic's publish queues: cached, fetched, or borrowed from the TBW102 route. */
    void resolve(String topic, BiConsumer<TopicPublishInfo, ClientException> then) {
        TopicRouteData current = instance.routes().route(topic);
        TopicPublishInfo cached = publishInfo.get(topic);
        if (cached != null && !cached.isEmpty() && (current == null || current.equals(publishRoutes.get(topic)))) {
            then.accept(cached, null);
            return;
        }
        if (current != null && !current.equals(publishRoutes.get(topic))) {
            remember(topic, current, false);
            if (!publishInfo.get(topic).isEmpty()) {
                then.accept(publishInfo.get(topic), null);
                return;
            }
        }
        instance.fetchRoute(topic, (route, error) -> {
            if (route != null) {
                remember(topic, route, false);
                if (!publishInfo.get(topic).isEmpty()) {
                    then.accept(publishInfo.get(topic), null);
                    return;
                }
            }
            if (error != null) {
                then.accept(null, error);
                return;
            }
            resolveThroughDefaultTopic(topic, then);
        });
    }

    private void resolveThroughDefaultTopic(String topic, BiConsumer<TopicPublishInfo, ClientException> then) {
        ClientException noRoute = new ClientException(-1, "No route info of this topic: " + topic
                + "\nSee http://rocketmq.apache.org/docs/faq/ for further details.");
        instance.fetchRoute(config.createTopicKey(), (route, error) -> {
            if (route == null) {
                then.accept(null, noRoute);
                return;
            }
            List<QueueData> capped = new ArrayList<>();
            for (QueueData q : route.queueDatas()) {
                int n = Math.min(config.defaultTopicQueueNums(), q.writeQueueNums());
                capped.add(new QueueData(q.brokerName(), n, n, q.perm(), q.topicSysFlag()));
            }
            TopicRouteData borrowed = new TopicRouteData(null, capped, route.brokerDatas(), route.filterServerTable());
            remember(topic, borrowed, true);
            // A route whose brokers all lack a master (only slaves registered) has no queue to send to.
            then.accept(publishInfo.get(topic).isEmpty() ? null : publishInfo.get(topic),
                    publishInfo.get(topic).isEmpty() ? noRoute : null);
        });
    }

    private void remember(String topic, TopicRouteData route, boolean fromDefault) {
        publishRoutes.put(topic, fromDefault ? null : route);
        publishInfo.put(topic, new TopicPublishInfo(TopicRoutes.publishQueues(topic, route), fromDefault,
                instance.env().random().nextInt(Integer.MAX_VALUE)));
    }

    /** A send failed in a way that suggests the route is stale: fetch it again next time. */
    void forgetRoute(String topic) {
        publishInfo.remove(topic);
        publishRoutes.remove(topic);
    }

    // ---- for SendExecution ----------------------------------------------------------------

    ClientInstance instance() {
        return instance;
    }

    LatencyFaultTolerance faults() {
        return faults;
    }

    /** Unregisters the group from every broker, then runs {@code done}. */
    public void shutdown(Runnable done) {
        if (stopped || !started) {
            stopped = true;
            done.run();
            return;
        }
        stopped = true;
        instance.unregister(config.producerGroup(), null, () -> {
            instance.removeProducer(config.producerGroup());
            done.run();
        });
    }
}
