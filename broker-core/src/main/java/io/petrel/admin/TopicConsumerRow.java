package io.petrel.admin;

/** One row of {@code topicList -c}: a topic, its cluster and one group consuming it ("" for none). */
public record TopicConsumerRow(String cluster, String topic, String group) {
}
