package io.petrel.admin;

import io.petrel.common.ConsumeType;
import io.petrel.common.MessageModel;

/**
 * One row of {@code consumerProgress} without -g: a group, how many clients are online (0 when
 * none; then type, model and version are null), the oldest client version, its consume rate and
 * the messages it has not consumed yet.
 */
public record GroupProgress(String group, int count, Integer minVersion, ConsumeType consumeType,
        MessageModel messageModel, int consumeTps, long diffTotal) {
}
