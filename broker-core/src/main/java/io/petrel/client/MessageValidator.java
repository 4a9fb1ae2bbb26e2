package io.petrel.client;

import io.petrel.common.TopicValidator;
import io.petrel.remoting.ResponseCode;

/** RocketMQ's client-side checks before a send, with its error messages. */
final class MessageValidator {

    private MessageValidator() {
    }

    static void check(Message message, int maxMessageSize) {
        if (message == null) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the message is null");
        }
        String problem = TopicValidator.problem(message.getTopic());
        if (problem != null) {
            throw new ClientException(-1, problem);
        }
        if (TopicValidator.isNotAllowedSend(message.getTopic())) {
            throw new ClientException(-1, "Sending message to topic[" + message.getTopic() + "] is forbidden.");
        }
        if (message.getBody() == null) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the message body is null");
        }
        if (message.getBody().length == 0) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "the message body length is zero");
        }
        if (message.getBody().length > maxMessageSize) {
            throw new ClientException(ResponseCode.MESSAGE_ILLEGAL,
                    "the message body size over max value, MAX: " + maxMessageSize);
        }
    }

    static void checkGroup(String group, String what) {
        if (group == null || group.isBlank()) {
            throw new ClientException(-1, "the specified " + what + " is blank");
        }
        if (group.length() > 255) {
            throw new ClientException(-1, "the specified " + what + " is longer than group max length 255.");
        }
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '%' || c == '|' || c == '_' || c == '-';
            if (!ok || c > 127) {
                throw new ClientException(-1, "the specified " + what + "[" + group
                        + "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
            }
        }
    }
}
