package io.petrel.common;

import java.util.TreeSet;

/** RocketMQ's TAG subscription expressions: {@code *}, or tags separated by {@code ||}. */
public final class FilterApi {

    private FilterApi() {
    }

    /**
     * Builds the subscription for {@code expression}.
     *
     * @throws IllegalArgumentException naming the expression when it has no tags and is not "*"
     */
    public static SubscriptionData build(String topic, String expression, long subVersion) {
        if (expression == null || expression.isBlank() || SubscriptionData.SUB_ALL.equals(expression.trim())) {
            return new SubscriptionData(false, topic, SubscriptionData.SUB_ALL, new TreeSet<>(), new TreeSet<>(), subVersion,
                    SubscriptionData.TAG);
        }
        TreeSet<String> tags = new TreeSet<>();
        TreeSet<Integer> codes = new TreeSet<>();
        for (String part : expression.split("\\|\\|")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
                codes.add(tag.hashCode());
            }
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("subscription expression '" + expression + "' names no tag");
        }
        return new SubscriptionData(false, topic, expression, tags, codes, subVersion, SubscriptionData.TAG);
    }

    /** The tags hash code stored in the consume queue for a message's TAGS (0 for none). */
    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }
}
