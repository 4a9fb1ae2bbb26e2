package io.petrel.quickstart;

import io.petrel.client.ClientException;
import io.petrel.client.ConsumeConcurrentlyStatus;
import io.petrel.client.ConsumerConfig;
import io.petrel.client.Message;
import io.petrel.client.MessageExt;
import io.petrel.client.ProducerConfig;
import io.petrel.client.SendResult;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.ConcurrentListener;
import io.petrel.real.client.PetrelClient;
import io.petrel.real.client.PushConsumerHandle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One message there and back with Petrel's own client: a producer sends it, then a push consumer
 * of a clustering group (starting from the first offset when the group is new, else from its
 * committed offset) runs until that message arrives, and shuts down, committing its offset. Other
 * messages it meets (an earlier run's, never acknowledged) are printed and acknowledged too.
 */
final class RoundTrip {

    private static final long CONSUME_WAIT_MS = 30_000;

    private final PrintStream out;
    private final String namesrvAddr;
    private final String topic;
    private final String group;
    private final String producerGroup;

    RoundTrip(PrintStream out, String namesrvAddr, String topic, String group, String producerGroup) {
        this.out = out;
        this.namesrvAddr = namesrvAddr;
        this.topic = topic;
        this.group = group;
        this.producerGroup = producerGroup;
    }

    void run() {
        out.println();
        try (PetrelClient client = PetrelClient.start(namesrvAddr)) {
            // The producer stays up until the consumer is done: a client whose last producer and
            // consumer are gone stops, as RocketMQ's MQClientInstance does.
            BlockingProducer producer = client.producer(ProducerConfig.of(producerGroup));
            SendResult sent = producer.send(message());
            out.printf("Sent:     %s to %s queue %d at queue offset %d, msgId=%s%n", sent.sendStatus(),
                    sent.messageQueue().brokerName(), sent.messageQueue().queueId(), sent.queueOffset(), sent.msgId());
            MessageExt consumed = consume(client, sent.msgId());
            out.printf("Consumed: \"%s\" from %s queue %d at queue offset %d by group %s, msgId=%s%n",
                    new String(consumed.getBody(), StandardCharsets.UTF_8), consumed.getBrokerName(),
                    consumed.getQueueId(), consumed.getQueueOffset(), group, consumed.getMsgId());
            producer.shutdown();
        } catch (ClientException e) {
            throw new QuickstartException("the client failed: " + e.getMessage());
        }
    }

    Message message() {
        String body = "Hello Petrel, sent at "
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT));
        return new Message(topic, "TagA", "quickstart", body.getBytes(StandardCharsets.UTF_8));
    }

    MessageExt consume(PetrelClient client, String msgId) {
        CompletableFuture<MessageExt> ours = new CompletableFuture<>();
        ConcurrentListener listener = (messages, context) -> {
            for (MessageExt m : messages) {
                if (m.getMsgId().equals(msgId)) {
                    ours.complete(m);
                } else {
                    out.printf("Consumed an earlier message too: \"%s\", msgId=%s%n",
                            new String(m.getBody(), StandardCharsets.UTF_8), m.getMsgId());
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        PushConsumerHandle consumer = client.pushConsumer(ConsumerConfig.builder(group)
                .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build(), c -> c.subscribe(topic, "*"))
                .registerMessageListener(listener).start();
        try {
            return ours.get(CONSUME_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new QuickstartException("the message " + msgId + " was not consumed within "
                    + CONSUME_WAIT_MS / 1000 + " s");
        } catch (ExecutionException e) {
            throw new QuickstartException("consuming failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException("interrupted while waiting for the message");
        } finally {
            consumer.shutdown();
        }
    }
}
