package io.petrel.client;

import io.petrel.common.MixAll;
import io.petrel.common.SubscriptionData;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.NodeLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns a pull response body (stored records back to back) into {@link MessageExt}s the way the
 * official client does: inflate zlib bodies, drop messages whose tag the subscription does not
 * name (the broker filters on hash codes, which can collide), copy the queue's min and max offsets
 * into MIN_OFFSET/MAX_OFFSET, and give retried messages back their original topic. A record that
 * fails its CRC or does not decode ends the batch; it is logged, never delivered.
 */
final class PulledMessages {

    private PulledMessages() {
    }

    static List<MessageExt> decode(ByteBuffer body, String brokerName, SubscriptionData subscription, String group,
            long minOffset, long maxOffset, NodeLog log) {
        List<MessageExt> messages = new ArrayList<>();
        int at = 0;
        while (body != null && at < body.limit()) {
            StoredMessage stored;
            try {
                stored = StoredMessage.decode(body, at, true);
            } catch (MessageFormatException e) {
                log.error("pull from {} returned an undecodable record at byte {}: {}", brokerName, at, e.getMessage());
                break;
            }
            at += stored.storeSize();
            MessageExt m = toMessage(stored, brokerName, log);
            if (m == null || !matches(subscription, m.getTags())) {
                continue;
            }
            m.putProperty("MIN_OFFSET", String.valueOf(minOffset));
            m.putProperty("MAX_OFFSET", String.valueOf(maxOffset));
            String retryTopic = m.getProperty("RETRY_TOPIC");
            if (retryTopic != null && MixAll.retryTopic(group).equals(m.getTopic())) {
                m.setTopic(retryTopic);
            }
            messages.add(m);
        }
        return messages;
    }

    private static boolean matches(SubscriptionData subscription, String tags) {
        return subscription == null || subscription.subscribesAll() || (tags != null && subscription.tagsSet().contains(tags));
    }

    static MessageExt toMessage(StoredMessage s, String brokerName, NodeLog log) {
        return toMessage(s, brokerName, problem -> log.error("{}", problem));
    }

    /**
     * The message of a stored record, or null when its body cannot be read (a compression Petrel cannot
     * inflate, or a body that does not inflate): {@code onUnreadable} gets why. A pull logs it at ERROR;
     * CONSUME_MESSAGE_DIRECTLY refuses the request with it, as the peer's mistake.
     */
    static MessageExt toMessage(StoredMessage s, String brokerName, Consumer<String> onUnreadable) {
        byte[] body = s.body();
        if ((s.sysFlag() & MessageSysFlag.COMPRESSED_FLAG) != 0) {
            int type = (s.sysFlag() >>> 8) & 0x7;
            if (type != 0 && type != 3) {
                onUnreadable.accept("message " + s.offsetMsgId() + " is compressed with type " + type
                        + ", which Petrel cannot inflate");
                return null;
            }
            body = inflate(body);
            if (body == null) {
                onUnreadable.accept("message " + s.offsetMsgId() + " claims zlib compression but does not inflate");
                return null;
            }
        }
        MessageExt m = new MessageExt(s.topic(), body, brokerName, s.queueId(), s.queueOffset(), s.physicalOffset(),
                s.offsetMsgId(), s.bornTimestamp(), s.storeTimestamp(), s.bornHost().toString(), s.storeHost().toString(),
                s.reconsumeTimes(), s.sysFlag(), s.storeSize());
        m.setFlag(s.flag());
        for (Map.Entry<String, String> e : MessageProperties.decode(s.propertiesString()).entrySet()) {
            m.putProperty(e.getKey(), e.getValue());
        }
        return m;
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /** The UNIQ_KEY property name, for callers that build messages to send back. */
    static String uniqKey() {
        return MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;
    }
}
