package io.petrel.real.mqadmin;

import io.petrel.common.PermName;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.common.TopicConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The small formatting rules mqadmin's output follows, in one place: truncation of long names,
 * RocketMQ's time formats (in the operator's time zone), and the printed forms of topic and
 * group configs. Numbers are formatted with {@link Locale#ROOT} so output does not depend on the
 * machine's locale.
 */
final class Formats {

    private static final DateTimeFormatter HUMAN2 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT);

    private Formats() {
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** At most {@code size} characters (RocketMQ's frontStringAtLeast); null stays null. */
    static String front(String s, int size) {
        return s != null && s.length() > size ? s.substring(0, size) : s;
    }

    /** {@code 2023-11-14 22:13:20,000}, as topicStatus and queryMsgById print times. */
    static String millis(long ms, ZoneId zone) {
        return HUMAN2.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    /** {@code 2023-11-14 22:13:20}, as consumerProgress prints the last consume time. */
    static String seconds(long ms, ZoneId zone) {
        return DATE_TIME.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    /** {@code 20231114221320000}, as running-info queue details print times. */
    static String compact(long ms, ZoneId zone) {
        return COMPACT.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    static String topicConfig(TopicConfig c) {
        return "TopicConfig [topicName=" + c.topicName() + ", readQueueNums=" + c.readQueueNums() + ", writeQueueNums="
                + c.writeQueueNums() + ", perm=" + PermName.toText(c.perm()) + ", topicFilterType=" + c.topicFilterType()
                + ", topicSysFlag=" + c.topicSysFlag() + ", order=" + c.order() + "]";
    }

    static String subscriptionGroup(SubscriptionGroupConfig c) {
        return "SubscriptionGroupConfig [groupName=" + c.groupName() + ", consumeEnable=" + c.consumeEnable()
                + ", consumeFromMinEnable=" + c.consumeFromMinEnable() + ", consumeBroadcastEnable="
                + c.consumeBroadcastEnable() + ", retryQueueNums=" + c.retryQueueNums() + ", retryMaxTimes="
                + c.retryMaxTimes() + ", brokerId=" + c.brokerId() + ", whichBrokerWhenConsumeSlowly="
                + c.whichBrokerWhenConsumeSlowly() + ", notifyConsumerIdsChangedEnable="
                + c.notifyConsumerIdsChangedEnable() + "]";
    }

    /** A map as Java prints one: {@code {k=v, k2=v2}}. */
    static String javaMap(Map<?, ?> map) {
        StringBuilder s = new StringBuilder("{");
        map.forEach((k, v) -> s.append(s.length() == 1 ? "" : ", ").append(k).append('=').append(v));
        return s.append('}').toString();
    }
}
