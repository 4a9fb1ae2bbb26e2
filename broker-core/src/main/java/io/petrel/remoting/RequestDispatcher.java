package io.petrel.remoting;

import io.petrel.common.BodyException;
import io.petrel.env.NodeLog;
import java.util.TreeMap;

/**
 * Routes requests to processors by code. An unknown code is answered with
 * REQUEST_CODE_NOT_SUPPORTED and RocketMQ's remark. A bad header or a missing or malformed body is
 * the peer's mistake: it is answered with SYSTEM_ERROR (RocketMQ's code for a request it could not
 * decode) and a remark naming the problem, logged at WARN, and the connection stays up. Any other
 * exception gets SYSTEM_ERROR with the exception's text and is logged at ERROR because it is a bug
 * (scenario checkers treat ERROR lines as failures).
 */
public final class RequestDispatcher {

    private final TreeMap<Integer, RequestProcessor> processors = new TreeMap<>();
    private final NodeLog log;

    public RequestDispatcher(NodeLog log) {
        this.log = log;
    }

    public RequestDispatcher register(int code, RequestProcessor processor) {
        if (processors.putIfAbsent(code, processor) != null) {
            throw new IllegalArgumentException("two processors for " + RequestCode.describe(code));
        }
        return this;
    }

    public boolean handles(int code) {
        return processors.containsKey(code);
    }

    void dispatch(RemotingChannel channel, RemotingCommand request) {
        RequestProcessor processor = processors.get(request.code());
        if (processor == null) {
            channel.reply(request, RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported"));
            return;
        }
        try {
            processor.process(channel, request);
        } catch (HeaderException | BodyException e) {
            log.warn("refused {} from {}: {}", RequestCode.describe(request.code()), channel.remoteAddress(),
                    e.getMessage());
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("processing {} from {} failed", RequestCode.describe(request.code()), channel.remoteAddress(), e);
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.toString()));
        }
    }
}
