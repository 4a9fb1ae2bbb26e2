package io.petrel.common;

/** How tags of a topic are matched: one tag per message, or several. */
public enum TopicFilterType {
    SINGLE_TAG,
    MULTI_TAG
}
