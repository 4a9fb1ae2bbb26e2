package io.petrel.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * How a {@link MessageQueue} map key is written and read. fastjson writes such keys as JSON
 * objects, which is not JSON; the official 4.9.8 client also accepts a JSON string holding the
 * object's text (members in any order), so Petrel writes that. Reading expects the same string,
 * which {@link FastjsonBodies#normalize} produces from the object-key form.
 */
final class MessageQueueKey {

    private MessageQueueKey() {
    }

    /** Writes the key as the string {@code {"brokerName":"b","queueId":0,"topic":"t"}}. */
    static final class Writer extends JsonSerializer<MessageQueue> {
        @Override
        public void serialize(MessageQueue value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeFieldName(Json.writeString(value));
        }
    }

    /** Reads a key written by {@link Writer} or normalized from fastjson's object form. */
    static final class Reader extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            try {
                MessageQueue mq = Json.mapper().readValue(key, MessageQueue.class);
                if (mq == null || mq.topic() == null || mq.brokerName() == null) {
                    return ctxt.handleWeirdKey(MessageQueue.class, key, "a message queue needs topic and brokerName");
                }
                return mq;
            } catch (JsonProcessingException e) {
                return ctxt.handleWeirdKey(MessageQueue.class, key, "not a message queue object");
            }
        }
    }
}
