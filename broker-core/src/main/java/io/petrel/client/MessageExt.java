package io.petrel.client;

import io.petrel.common.message.MessageConst;

/**
 * A received message (RocketMQ's MessageExt): the message plus where it is stored. Its
 * {@link #getMsgId()} is the producer's unique id (UNIQ_KEY) when present, else the offsetMsgId.
 */
public final class MessageExt extends Message {

    private final String brokerName;
    private final int queueId;
    private final long queueOffset;
    private final long commitLogOffset;
    private final String offsetMsgId;
    private final long bornTimestamp;
    private final long storeTimestamp;
    private final String bornHost;
    private final String storeHost;
    private int reconsumeTimes;
    private final int sysFlag;
    private final int storeSize;

    MessageExt(String topic, byte[] body, String brokerName, int queueId, long queueOffset, long commitLogOffset,
            String offsetMsgId, long bornTimestamp, long storeTimestamp, String bornHost, String storeHost,
            int reconsumeTimes, int sysFlag, int storeSize) {
        super(topic, body);
        this.brokerName = brokerName;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.commitLogOffset = commitLogOffset;
        this.offsetMsgId = offsetMsgId;
        this.bornTimestamp = bornTimestamp;
        this.storeTimestamp = storeTimestamp;
        this.bornHost = bornHost;
        this.storeHost = storeHost;
        this.reconsumeTimes = reconsumeTimes;
        this.sysFlag = sysFlag;
        this.storeSize = storeSize;
    }

    public String getMsgId() {
        String uniq = getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return uniq != null ? uniq : offsetMsgId;
    }

    public String getOffsetMsgId() {
        return offsetMsgId;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public int getQueueId() {
        return queueId;
    }

    public long getQueueOffset() {
        return queueOffset;
    }

    public long getCommitLogOffset() {
        return commitLogOffset;
    }

    public long getBornTimestamp() {
        return bornTimestamp;
    }

    public long getStoreTimestamp() {
        return storeTimestamp;
    }

    public String getBornHost() {
        return bornHost;
    }

    public String getStoreHost() {
        return storeHost;
    }

    public int getReconsumeTimes() {
        return reconsumeTimes;
    }

    /** Counted up locally when an orderly batch is retried, as the official client does. */
    void setReconsumeTimes(int reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
    }

    public int getSysFlag() {
        return sysFlag;
    }

    public int getStoreSize() {
        return storeSize;
    }

    @Override
    public String toString() {
        return "MessageExt{msgId=" + getMsgId() + ", topic=" + getTopic() + ", queue=" + brokerName + "/" + queueId
                + ", queueOffset=" + queueOffset + ", reconsumeTimes=" + reconsumeTimes + ", properties=" + getProperties() + "}";
    }
}
