package io.petrel.common;

/** Pull (actively) or push (passively) consumer; written by name, declared in RocketMQ's order. */
public enum ConsumeType {
    CONSUME_ACTIVELY,
    CONSUME_PASSIVELY
}
