package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.RequestCallback;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 4.9.8 request-reply API against a Petrel broker: {@code producer.request()} sends a
 * request, a push consumer answers it with {@code MessageUtil.createReplyMessage} through its own
 * producer (SEND_REPLY_MESSAGE_V2), and the broker pushes the reply to the requester
 * (PUSH_REPLY_MESSAGE_TO_CLIENT) and keeps a copy in the cluster's reply topic. A reply for a requester
 * that is not connected is refused, naming it.
 */
@Tag("official-client")
class RequestReplyCompatibilityTest {

    private static final String TOPIC = "Requests";

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer requester;
    private static DefaultMQProducer replier;
    private static DefaultMQPushConsumer responder;
    private static final List<String> ANSWERED = new CopyOnWriteArrayList<>();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir).addBroker("broker-a", Map.of());
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(cluster.namesrvAddr());
        admin.setInstanceName(unique("admin"));
        admin.start();
        admin.createAndUpdateTopicConfig(cluster.brokerAddr("broker-a"), new TopicConfig(TOPIC, 2, 2, 6));
        replier = producer("replier");
        responder = new DefaultMQPushConsumer(unique("CG"));
        responder.setNamesrvAddr(cluster.namesrvAddr());
        responder.setInstanceName(unique("responder"));
        responder.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        responder.subscribe(TOPIC, "*");
        responder.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                try {
                    Message reply = MessageUtil.createReplyMessage(m, ("re:" + body(m)).getBytes(StandardCharsets.UTF_8));
                    replier.send(reply, 10_000);
                    ANSWERED.add(body(m));
                } catch (Exception e) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        responder.start();
        requester = producer("requester");
    }

    @AfterAll
    static void stop() {
        for (Runnable r : List.<Runnable>of(() -> responder.shutdown(), () -> replier.shutdown(),
                () -> requester.shutdown(), () -> admin.shutdown())) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // keep stopping the rest
            }
        }
        cluster.close();
    }

    private static DefaultMQProducer producer(String role) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(unique("PG-" + role));
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName(unique(role));
        p.start();
        return p;
    }

    static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + UNIQUE.incrementAndGet();
    }

    private static String body(Message m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    @Compat(value = "request-reply: producer.request() answered by a consumer's createReplyMessage (324/325/326)",
            kind = Compat.Kind.CLIENT)
    void aRequestIsAnsweredByTheReplyOfItsConsumer() throws Exception {
        String replyTopic = "DefaultCluster" + "_" + MixAll.REPLY_TOPIC_POSTFIX;
        long storedBefore = admin.maxOffset(new MessageQueue(replyTopic, "broker-a", 0));
        Message request = new Message(TOPIC, "ask", "sync-1".getBytes(StandardCharsets.UTF_8));
        Message reply = requester.request(request, 30_000);
        assertThat(reply).isNotNull();
        assertThat(body(reply)).isEqualTo("re:sync-1");
        assertThat(reply.getProperty(MessageConst.PROPERTY_CORRELATION_ID))
                .isEqualTo(request.getProperty(MessageConst.PROPERTY_CORRELATION_ID)).isNotEmpty();
        assertThat(reply.getProperty(MessageConst.PROPERTY_PUSH_REPLY_TIME)).isNotNull();
        assertThat(reply.getTopic()).isEqualTo(replyTopic);

        // The 4.9.8 client calls onSuccess twice: with null once the request is sent, then with the reply.
        CompletableFuture<Message> async = new CompletableFuture<>();
        requester.request(new Message(TOPIC, "ask", "async-1".getBytes(StandardCharsets.UTF_8)), new RequestCallback() {
            @Override
            public void onSuccess(Message message) {
                if (message != null) {
                    async.complete(message);
                }
            }

            @Override
            public void onException(Throwable e) {
                async.completeExceptionally(e);
            }
        }, 30_000);
        assertThat(body(async.get(40, TimeUnit.SECONDS))).isEqualTo("re:async-1");
        // The responder records a request after its reply's send returns, which may be after the reply arrived.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ANSWERED).contains("sync-1", "async-1"));
        // storeReplyMessageEnable=true (the default) keeps a copy of each reply in the reply topic.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.maxOffset(new MessageQueue(replyTopic, "broker-a", 0))).isEqualTo(storedBefore + 2));
    }

    @Test
    @Compat(value = "request-reply: a reply for a requester that is not connected is refused, naming it",
            kind = Compat.Kind.CLIENT)
    void aReplyForARequesterThatIsGoneIsRefusedNamingIt() throws Exception {
        Message reply = new Message("DefaultCluster" + "_" + MixAll.REPLY_TOPIC_POSTFIX,
                "nobody-asked".getBytes(StandardCharsets.UTF_8));
        MessageAccessor.putProperty(reply, MessageConst.PROPERTY_MESSAGE_TYPE, MixAll.REPLY_MESSAGE_FLAG);
        MessageAccessor.putProperty(reply, MessageConst.PROPERTY_CORRELATION_ID, unique("corr"));
        MessageAccessor.putProperty(reply, MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, "127.0.0.1@gone-requester");
        // SYSTEM_ERROR is one of the codes the client retries; after its retries it throws with the broker's answer.
        assertThatThrownBy(() -> replier.send(reply, 10_000))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
                    assertThat(e.getCause()).isInstanceOfSatisfying(MQBrokerException.class, cause ->
                            assertThat(cause.getErrorMessage()).contains("127.0.0.1@gone-requester").contains("not found"));
                });
    }
}
