package io.petrel.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.message.HostAddress;
import io.petrel.common.message.MessageCrc;
import io.petrel.common.message.MessageProperties;
import io.petrel.common.message.StoredMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;

/**
 * Both directions against the official 4.9.8 codec (test scope only): a record Petrel writes is what
 * {@code MessageDecoder.decode} reads, and a record the official encoder writes is what Petrel reads.
 */
class OfficialCodecInteropTest {

    private static StoredMessage petrelMessage(String bornHost, String storeHost) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("TAGS", "TagA");
        properties.put("KEYS", "K1 K2");
        properties.put("UNIQ_KEY", "7F0000010D2718B4AAC2000000000000");
        properties.put("CLUSTER", "DefaultCluster");
        byte[] body = "petrel body ✓".getBytes(StandardCharsets.UTF_8);
        HostAddress born = HostAddress.parse(bornHost);
        HostAddress store = HostAddress.parse(storeHost);
        StoredMessage m = new StoredMessage(0, MessageCrc.crc32(body), 3, 42, 99, 123_456, 0, 1_700_000_000_000L,
                born, 1_700_000_000_777L, store, 2, 0, body, "PetrelTopic", MessageProperties.encode(properties));
        ByteBuffer encoded = m.encode();
        return StoredMessage.decode(encoded, 0, true);
    }

    @Test
    void theOfficialDecoderReadsWhatPetrelWrites() {
        for (String[] hosts : new String[][] {{"10.0.0.7:54321", "10.0.0.1:10911"}, {"[fd00::7]:54321", "[fd00::1]:10911"}}) {
            StoredMessage m = petrelMessage(hosts[0], hosts[1]);
            MessageClientExt official = (MessageClientExt) MessageDecoder.decode(m.encode(), true, true, true);
            assertThat(official).as("decoded %s", hosts[0]).isNotNull();
            assertThat(official.getTopic()).isEqualTo("PetrelTopic");
            assertThat(official.getQueueId()).isEqualTo(3);
            assertThat(official.getFlag()).isEqualTo(42);
            assertThat(official.getQueueOffset()).isEqualTo(99);
            assertThat(official.getCommitLogOffset()).isEqualTo(123_456);
            assertThat(official.getBornTimestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(official.getStoreTimestamp()).isEqualTo(1_700_000_000_777L);
            assertThat(official.getReconsumeTimes()).isEqualTo(2);
            assertThat(official.getBodyCRC()).isEqualTo(UtilAll.crc32(m.body()));
            assertThat(new String(official.getBody(), StandardCharsets.UTF_8)).isEqualTo("petrel body ✓");
            assertThat(official.getTags()).isEqualTo("TagA");
            assertThat(official.getKeys()).isEqualTo("K1 K2");
            assertThat(official.getProperty("CLUSTER")).isEqualTo("DefaultCluster");
            assertThat(official.getMsgId()).isEqualTo("7F0000010D2718B4AAC2000000000000");
            assertThat(official.getOffsetMsgId()).isEqualTo(m.offsetMsgId());
            assertThat(((InetSocketAddress) official.getStoreHost()).getPort()).isEqualTo(10911);
        }
    }

    @Test
    void petrelReadsWhatTheOfficialEncoderWrites() throws Exception {
        MessageExt official = new MessageExt();
        official.setTopic("OfficialTopic");
        official.setQueueId(5);
        official.setFlag(7);
        official.setQueueOffset(11);
        official.setCommitLogOffset(4096);
        official.setBornTimestamp(1_700_000_000_001L);
        official.setStoreTimestamp(1_700_000_000_002L);
        official.setBornHost(new InetSocketAddress("192.168.1.9", 40000));
        official.setStoreHost(new InetSocketAddress("192.168.1.1", 10911));
        official.setReconsumeTimes(1);
        official.setPreparedTransactionOffset(0);
        byte[] body = "from the official encoder".getBytes(StandardCharsets.UTF_8);
        official.setBody(body);
        official.setBodyCRC(UtilAll.crc32(body));
        MessageAccessor.putProperty(official, "TAGS", "TagZ");
        MessageAccessor.putProperty(official, "KEYS", "order-1");
        byte[] bytes = MessageDecoder.encode(official, false);

        StoredMessage m = StoredMessage.decode(ByteBuffer.wrap(bytes), 0, true);
        assertThat(m.storeSize()).isEqualTo(bytes.length);
        assertThat(m.topic()).isEqualTo("OfficialTopic");
        assertThat(m.queueId()).isEqualTo(5);
        assertThat(m.flag()).isEqualTo(7);
        assertThat(m.queueOffset()).isEqualTo(11);
        assertThat(m.physicalOffset()).isEqualTo(4096);
        assertThat(m.bornHost()).hasToString("192.168.1.9:40000");
        assertThat(m.storeHost()).hasToString("192.168.1.1:10911");
        assertThat(m.body()).isEqualTo(body);
        assertThat(m.properties()).containsEntry("TAGS", "TagZ").containsEntry("KEYS", "order-1");
        assertThat(m.encode().array()).isEqualTo(bytes);
    }
}
