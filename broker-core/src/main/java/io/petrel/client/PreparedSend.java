package io.petrel.client;

/**
 * A validated message ready for the wire: its body (compressed or a batch encoding), flags and
 * property string, the producer's id(s) for the SendResult, and for a message to a retry topic the
 * reconsume count and limit the header carries (taken out of the properties, as RocketMQ does).
 */
record PreparedSend(String topic, byte[] body, int sysFlag, int flag, String properties, boolean batch,
        String uniqueIds, long bornTimestamp, int reconsumeTimes, Integer maxReconsumeTimes) {
}
