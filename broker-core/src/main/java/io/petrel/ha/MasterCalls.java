package io.petrel.ha;

import io.petrel.common.BodyException;
import io.petrel.common.Json;
import io.petrel.common.KVTable;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.ViewMessageRequestHeader;
import java.nio.ByteBuffer;

/**
 * What a slave asks its master over remoting while it finds where their logs part: the master's log
 * end (GET_BROKER_RUNTIME_INFO's {@code commitLogMaxOffset}), one record by offset
 * (VIEW_MESSAGE_BY_ID, whose body is the stored record), and Petrel's {@link PushTail}. The first two
 * are RocketMQ 4.9's own requests, so the search works against an Apache master too.
 */
class MasterCalls {

    static final long TIMEOUT_MS = 3_000;
    /**
     * How RocketMQ 4.9's VIEW_MESSAGE_BY_ID (and Petrel's, {@code QueryMessageProcessor}) says it holds
     * no record at an offset: SYSTEM_ERROR with this remark, followed by the offset.
     */
    static final String NOT_FOUND_REMARK = "can not find message by the offset";

    private final RemotingClient client;

    MasterCalls(RemotingClient client) {
        this.client = client;
    }

    /** The outcome of a call; exactly one of the two runs. */
    interface Answer<T> {
        void ok(T value);

        void failed(String why);
    }

    void logEnd(Address master, Answer<Long> answer) {
        client.invoke(master, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null), TIMEOUT_MS,
                callback(answer, response -> {
                    KVTable table = Json.read(response.bodyBytes(), KVTable.class);
                    String end = table.table() == null ? null : table.table().get("commitLogMaxOffset");
                    if (end == null) {
                        throw new BodyException("no commitLogMaxOffset in the runtime info");
                    }
                    answer.ok(Long.parseLong(end.trim()));
                }));
    }

    /**
     * The master's record at {@code offset}, or null when it has none there. Only RocketMQ's own "not
     * found" answer (SYSTEM_ERROR with {@link #NOT_FOUND_REMARK}) means none: any other error (a read
     * error on the master's disk, a request it refused) says nothing about its log, so the call fails
     * and the check is retried. Taking such an answer for "none" made a slave cut records its master
     * holds (fuzz2-702121, fuzz2-702208).
     */
    void record(Address master, long offset, Answer<byte[]> answer) {
        client.invoke(master, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID,
                new ViewMessageRequestHeader(offset)), TIMEOUT_MS, ResponseCallback.of(response -> {
                    if (response.code() == ResponseCode.SUCCESS && response.bodyBytes() != null) {
                        answer.ok(response.bodyBytes());
                    } else if (response.code() == ResponseCode.SYSTEM_ERROR && response.remark() != null
                            && response.remark().startsWith(NOT_FOUND_REMARK)) {
                        answer.ok(null);
                    } else {
                        answer.failed("VIEW_MESSAGE_BY_ID at " + offset + " answered " + response.code() + " "
                                + response.remark());
                    }
                }, failure -> answer.failed(failure.message())));
    }

    /** Hands back a piece of tail; true when the master took it, false when it refused. */
    void pushTail(Address master, long offset, ByteBuffer bytes, Answer<Boolean> answer) {
        client.invoke(master, RemotingCommand.request(PushTail.REQUEST_CODE, new PushTail.Header(offset)).body(bytes),
                TIMEOUT_MS, ResponseCallback.of(response -> answer.ok(response.code() == ResponseCode.SUCCESS),
                        failure -> answer.failed(failure.message())));
    }

    private interface Parse {
        void accept(RemotingCommand response);
    }

    private static <T> ResponseCallback callback(Answer<T> answer, Parse parse) {
        return ResponseCallback.of(response -> {
            if (response.code() != ResponseCode.SUCCESS || response.bodyBytes() == null) {
                answer.failed("answered " + response.code() + " " + response.remark());
                return;
            }
            try {
                parse.accept(response);
            } catch (BodyException | NumberFormatException e) {
                answer.failed("malformed answer: " + e.getMessage());
            }
        }, failure -> answer.failed(failure.message()));
    }
}
