package io.petrel.broker.processor;

import io.petrel.broker.BrokerConfig;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.store.PutMessageResult;
import io.petrel.store.commitlog.AppendMessageResult;

/**
 * Turns a store put result into RocketMQ's send response. Stored outcomes (OK, flush or slave
 * timeouts, a failed force) carry the msgId, queue id and queue offset the client builds its
 * SendResult from, plus MSG_REGION and TRACE_ON (the official client reads the ext fields
 * unconditionally). A failed force is never SUCCESS: it answers FLUSH_DISK_TIMEOUT with the
 * failure in the remark (apache/rocketmq#2706).
 */
final class SendReplies {

    private SendReplies() {
    }

    static void reply(RemotingChannel channel, RemotingCommand request, PutMessageResult result, int queueId,
            BrokerConfig settings, Runnable countSuccess) {
        int code = switch (result.status()) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT, FLUSH_DISK_FAILED -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            case CREATE_MAPEDFILE_FAILED, OS_PAGECACHE_BUSY, UNKNOWN_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
        AppendMessageResult appended = result.appendMessageResult();
        RemotingCommand response = RemotingCommand.response(code, remark(result));
        if (appended != null && isStored(result)) {
            response.header(new SendMessageResponseHeader(String.join(",", appended.msgIds()), queueId,
                    appended.logicsOffset(), null));
            response.addExtField("MSG_REGION", settings.regionId());
            response.addExtField("TRACE_ON", String.valueOf(settings.traceOn()));
            countSuccess.run();
        }
        channel.reply(request, response);
    }

    static boolean isStored(PutMessageResult result) {
        return switch (result.status()) {
            case PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_DISK_FAILED, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE -> true;
            default -> false;
        };
    }

    private static String remark(PutMessageResult result) {
        String detail = result.remark() == null ? "" : result.remark();
        return switch (result.status()) {
            case PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT -> null;
            case SLAVE_NOT_AVAILABLE -> detail.isEmpty() ? null : detail;
            case FLUSH_DISK_FAILED -> "the disk force covering this message failed; it is stored but not known to be durable: "
                    + detail;
            case SERVICE_NOT_AVAILABLE -> "service not available now. It may be caused by one of the following reasons: "
                    + "the broker's disk is full, messages are put to the slave, message store has been shut down, etc. "
                    + detail;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> "the message is illegal, maybe msg body or properties length "
                    + "not matched: " + detail;
            case OS_PAGECACHE_BUSY -> "[PC_SYNCHRONIZED]broker busy, start flow control for a while";
            case CREATE_MAPEDFILE_FAILED -> "create mapped file failed, server is busy or broken. " + detail;
            case UNKNOWN_ERROR -> "UNKNOWN_ERROR " + detail;
        };
    }
}
