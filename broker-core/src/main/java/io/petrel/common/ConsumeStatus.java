package io.petrel.common;

/** A consumer's rates for one topic, as GET_CONSUMER_RUNNING_INFO reports them. */
public record ConsumeStatus(double pullRT, double pullTPS, double consumeRT, double consumeOKTPS,
        double consumeFailedTPS, long consumeFailedMsgs) {
}
