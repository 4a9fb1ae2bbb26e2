package io.petrel.admin;

/**
 * Whether one group consuming a message's topic has consumed it, as queryMsgById reports:
 * CONSUMED, CONSUMED_BUT_FILTERED, PULL (a pull consumer, whose progress is its own),
 * NOT_CONSUME_YET, NOT_ONLINE, or UNKNOWN with the reason in {@code exceptionDesc}.
 */
public record MessageTrack(String consumerGroup, TrackType trackType, String exceptionDesc) {

    /** RocketMQ's track types, printed by name. */
    public enum TrackType { CONSUMED, CONSUMED_BUT_FILTERED, PULL, NOT_CONSUME_YET, NOT_ONLINE, UNKNOWN }
}
