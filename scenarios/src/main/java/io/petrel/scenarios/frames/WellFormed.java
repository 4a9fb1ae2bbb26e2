package io.petrel.scenarios.frames;

import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.DataVersion;
import io.petrel.common.FilterApi;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.LockBatchRequestBody;
import io.petrel.common.MessageModel;
import io.petrel.common.MessageQueue;
import io.petrel.common.ProducerData;
import io.petrel.common.RegisterBrokerBody;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.common.TopicFilterType;
import io.petrel.common.message.BatchBodyFormat;
import io.petrel.common.message.MessageConst;
import io.petrel.common.message.MessageFormatException;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.MessageSysFlag;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.RandomSource;
import io.petrel.remoting.Required;
import io.petrel.scenarios.frames.RequestShapes.BodyKind;
import io.petrel.scenarios.frames.RequestShapes.Shape;
import java.lang.reflect.RecordComponent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Well-formed requests of a shape: every header field filled with a value of its type drawn from the
 * run's small pools (topics, groups, the offsets of acknowledged messages), so that most requests
 * reach existing state, and a body of the shape's kind. The mutator breaks them afterwards.
 */
final class WellFormed {

    /** Names that fuzzed requests use, small so that requests meet state earlier ones created. */
    static final List<String> TOPICS = List.of("Kept", "FuzzA", "FuzzB", "%RETRY%FuzzGroup", "TBW102", "SCHEDULE_TOPIC_XXXX");
    static final List<String> GROUPS = List.of("FuzzGroup", "KeptGroup", "CID_RMQ_SYS_TRANS");
    static final String CLIENT_ID = "10.0.9.1@fuzz";
    /** The fuzzed client's transactional producer group, named in the half messages checks carry. */
    static final String TRANSACTION_GROUP = "FuzzProducer";
    /** The low byte of a stored record's SYSFLAG (after size, magic, CRC, queue id, flag and two offsets). */
    private static final int SYSFLAG_LOW_BYTE = 39;

    private final RandomSource random;
    private final FramePools pools;

    WellFormed(RandomSource random, FramePools pools) {
        this.random = random;
        this.pools = pools;
    }

    /** The ext fields of a well-formed header of {@code type}, in component order. */
    Map<String, String> header(Class<?> type) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (type == null) {
            return fields;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            String value = value(c.getName(), c.getType());
            if (value != null && (c.isAnnotationPresent(Required.class) || random.nextInt(3) > 0)) {
                fields.put(c.getName(), value);
            }
        }
        return fields;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** A valid value for a field by RocketMQ's name (and the V2 send header's letters) and type. */
    String value(String name, Class<?> type) {
        if (type == String.class) {
            return stringValue(name);
        }
        if (type == Boolean.class || type == boolean.class) {
            return String.valueOf(random.nextBoolean());
        }
        if (type == Double.class || type == double.class) {
            return "1.5";
        }
        return String.valueOf(numberValue(name));
    }

    private String stringValue(String name) {
        return switch (name) {
            case "topic", "b", "originTopic", "statsKey" -> pick(TOPICS);
            case "defaultTopic", "c" -> "TBW102";
            case "consumerGroup", "group", "groupName", "producerGroup", "a" -> pick(GROUPS);
            case "clientId", "clientID", "clientAddr" -> CLIENT_ID;
            case "brokerName", "bname", "n" -> pools.brokerName();
            case "brokerAddr" -> pools.brokerAddr();
            case "clusterName", "cluster" -> "DefaultCluster";
            case "subscription" -> pick(List.of("*", "TagA || TagB"));
            case "expressionType" -> "TAG";
            case "properties", "i" -> MessageProperties.encode(new TreeMap<>(random.nextInt(8) == 0
                    ? Map.of("TAGS", "TagA", "TRAN_MSG", "true", "PGROUP", "FuzzProducer")
                    : Map.of("TAGS", "TagA", "KEYS", "k" + random.nextInt(9))));
            case "statsName" -> pick(List.of("TOPIC_PUT_NUMS", "GROUP_GET_NUMS", "SNDBCK_PUT_NUMS"));
            case "msgId" -> pools.offsetMsgId(random);
            case "topicFilterType" -> "SINGLE_TAG";
            case "haServerAddr" -> pools.brokerAddr();
            case "namespace" -> pick(List.of("ORDER_TOPIC_CONFIG", "fuzz"));
            case "key" -> pick(List.of("k1", "Kept", "FuzzA"));
            case "value" -> "v" + random.nextInt(9);
            case "commitOrRollback" -> pick(List.of("8", "12"));
            default -> "x" + random.nextInt(9);
        };
    }

    private long numberValue(String name) {
        return switch (name) {
            case "queueId", "e" -> random.nextInt(4);
            case "offset", "commitLogOffset" -> pools.ackedOffset(random);
            case "tranStateTableOffset" -> random.nextInt(6);
            case "queueOffset", "commitOffset" -> random.nextInt(6);
            case "maxMsgNums", "maxNum" -> 1 + random.nextInt(32);
            case "readQueueNums", "writeQueueNums", "defaultTopicQueueNums", "d" -> 1 + random.nextInt(4);
            case "perm" -> 6;
            case "suspendTimeoutMillis" -> random.nextInt(1000);
            case "sysFlag", "f" -> random.nextInt(2) * 4;
            case "bornTimestamp", "g", "timestamp", "endTimestamp" -> 1_700_000_000_000L + random.nextInt(1000);
            case "subVersion" -> 1;
            case "maxReconsumeTimes", "l" -> 16;
            default -> random.nextInt(3);
        };
    }

    /** A well-formed body of {@code kind}, or null. */
    byte[] body(Shape shape) {
        return switch (shape.body()) {
            case NONE -> null;
            case MESSAGE -> ("fuzz body " + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
            case BATCH -> bytes(BatchBodyFormat.encode(List.of(new BatchBodyFormat.Entry(0, "b1".getBytes(StandardCharsets.UTF_8),
                    "KEYS\u0001k1\u0002"), new BatchBodyFormat.Entry(0, "b2".getBytes(StandardCharsets.UTF_8), ""))));
            case HEARTBEAT -> Json.write(heartbeat());
            case UNREGISTER -> null;
            case CHECK_CLIENT -> ("{\"clientId\":\"" + CLIENT_ID + "\",\"group\":\"FuzzGroup\",\"subscriptionData\":{\"topic\":\"FuzzA\","
                    + "\"subString\":\"*\",\"expressionType\":\"TAG\"}}").getBytes(StandardCharsets.UTF_8);
            case GROUP_CONFIG -> Json.write(new SubscriptionGroupConfig(pick(GROUPS), true, true, true, 1, 16, 0, 1, true));
            case LOCK_BATCH -> Json.write(new LockBatchRequestBody(pick(GROUPS), CLIENT_ID,
                    Set.of(new MessageQueue(pick(TOPICS), pools.brokerName(), random.nextInt(4)))));
            case BROKER_CONFIG -> BrokerConfigBodies.draw(random).getBytes(StandardCharsets.UTF_8);
            case REGISTER_BROKER -> Json.write(new RegisterBrokerBody(new TopicConfigSerializeWrapper(Map.of(pick(TOPICS),
                    new TopicConfig(pick(TOPICS), 4, 4, 6, TopicFilterType.SINGLE_TAG, 0, false)), new DataVersion(1, random.nextInt(5))),
                    List.of()));
            case DATA_VERSION -> Json.write(new DataVersion(1, random.nextInt(5)));
            case STORED_MESSAGE -> storedRecord();
            case HALF_MESSAGE -> halfRecord();
            case RESET_OFFSET -> ("{\"offsetTable\":{\"{\\\"brokerName\\\":\\\"" + pools.brokerName() + "\\\",\\\"queueId\\\":0,"
                    + "\\\"topic\\\":\\\"FuzzA\\\"}\":1}}").getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * A stored record of the run; one in eight claims a compressed body (zlib, or a type Petrel cannot
     * inflate) that is not, which the CRC does not cover: the reader must refuse it as the peer's error.
     */
    private byte[] storedRecord() {
        byte[] b = pools.storedRecord(random);
        if (b.length > SYSFLAG_LOW_BYTE && random.nextInt(8) == 0) {
            b[SYSFLAG_LOW_BYTE] |= (byte) MessageSysFlag.COMPRESSED_FLAG;
            if (random.nextBoolean()) {
                b[SYSFLAG_LOW_BYTE - 1] |= (byte) (1 + random.nextInt(7));
            }
        }
        return b;
    }

    /**
     * A stored record of the run as a broker's check would carry a half message: PGROUP names the
     * fuzzed client's transactional producer group ({@value #TRANSACTION_GROUP}), so the check reaches
     * its listener.
     */
    private byte[] halfRecord() {
        byte[] b = pools.storedRecord(random);
        try {
            StoredMessage m = StoredMessage.decode(ByteBuffer.wrap(b), 0, false);
            LinkedHashMap<String, String> p = m.properties();
            p.put(MessageConst.PROPERTY_PRODUCER_GROUP, TRANSACTION_GROUP);
            p.put(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
            return bytes(new StoredMessage(m.storeSize(), m.bodyCrc(), m.queueId(), m.flag(), m.queueOffset(),
                    m.physicalOffset(), m.sysFlag(), m.bornTimestamp(), m.bornHost(), m.storeTimestamp(), m.storeHost(),
                    m.reconsumeTimes(), m.preparedTransactionOffset(), m.body(), m.topic(), MessageProperties.encode(p))
                    .encode());
        } catch (MessageFormatException | IndexOutOfBoundsException | BufferUnderflowException e) {
            return b;
        }
    }

    private HeartbeatData heartbeat() {
        ConsumerData consumer = new ConsumerData(pick(GROUPS), ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET, Set.of(FilterApi.build(pick(TOPICS), "*", 1)), false);
        return new HeartbeatData(CLIENT_ID, Set.of(new ProducerData("FuzzProducer")), Set.of(consumer));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
