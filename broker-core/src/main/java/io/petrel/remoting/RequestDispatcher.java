package io.petrel.remoting;

import io.petrel.common.BodyException;
import io.petrel.common.Sabotage;
import io.petrel.env.BugHandler;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.env.NodeLog;
import java.util.Set;
import java.util.TreeMap;

/**
 * Routes requests to processors by code. An unknown code is answered with
 * REQUEST_CODE_NOT_SUPPORTED and RocketMQ's remark. A bad header or a missing or malformed body is
 * the peer's mistake: it is answered with SYSTEM_ERROR (RocketMQ's code for a request it could not
 * decode) and a remark naming the problem, logged at WARN, and the connection stays up. A disk error
 * under a request gets SYSTEM_ERROR naming the file and the error, logged at ERROR. Any other
 * exception is Petrel's own bug: it goes to the node's {@link BugHandler}, which fails the run in
 * simulation; in production the handler logs it once per site and the request gets SYSTEM_ERROR
 * with the exception's text.
 */
public final class RequestDispatcher {

    private final TreeMap<Integer, RequestProcessor> processors = new TreeMap<>();
    private final NodeLog log;
    private final BugHandler bugs;
    private final boolean badHeaderAsBug;
    private final boolean badHeaderStopsNode;
    private RequestGuard guard = RequestGuard.ALLOW_ALL;
    private ReplyObserver replies = ReplyObserver.NONE;

    public RequestDispatcher(Env env) {
        this(env.log(), env.bugs());
    }

    /**
     * With test-only {@link Sabotage} switches ({@link Sabotage#BAD_HEADER_ANSWERED_AS_BUG} and
     * {@link Sabotage#BAD_HEADER_STOPS_THE_NODE} act here).
     */
    public RequestDispatcher(Env env, Set<Sabotage> sabotage) {
        this(env.log(), env.bugs(), sabotage.contains(Sabotage.BAD_HEADER_ANSWERED_AS_BUG),
                sabotage.contains(Sabotage.BAD_HEADER_STOPS_THE_NODE));
    }

    public RequestDispatcher(NodeLog log, BugHandler bugs) {
        this(log, bugs, false, false);
    }

    private RequestDispatcher(NodeLog log, BugHandler bugs, boolean badHeaderAsBug, boolean badHeaderStopsNode) {
        this.log = log;
        this.bugs = bugs;
        this.badHeaderAsBug = badHeaderAsBug;
        this.badHeaderStopsNode = badHeaderStopsNode;
    }

    public RequestDispatcher register(int code, RequestProcessor processor) {
        if (processors.putIfAbsent(code, processor) != null) {
            throw new IllegalArgumentException("two processors for " + RequestCode.describe(code));
        }
        return this;
    }

    /**
     * Installs the check every request passes before its processor sees it (the broker's ACL); a
     * request the guard refuses is answered with the guard's response and reaches no processor.
     */
    public RequestDispatcher guard(RequestGuard value) {
        this.guard = value;
        return this;
    }

    /** Installs what is told of every reply (the node's {@link RequestMetrics}). */
    public RequestDispatcher observeReplies(ReplyObserver observer) {
        this.replies = observer;
        return this;
    }

    /** A reply to {@code request} was handed to its connection ({@code written} false: it could not be). */
    void onReplied(RemotingCommand request, int responseCode, boolean written, long nowNanos) {
        replies.onReplied(request, responseCode, written, nowNanos);
    }

    public boolean handles(int code) {
        return processors.containsKey(code);
    }

    void dispatch(RemotingChannel channel, RemotingCommand request) {
        RemotingCommand refusal = guard.check(channel, request);
        if (refusal != null) {
            channel.reply(request, refusal);
            return;
        }
        RequestProcessor processor = processors.get(request.code());
        if (processor == null) {
            channel.reply(request, RemotingCommand.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported"));
            return;
        }
        try {
            processor.process(channel, request);
        } catch (HeaderException e) {
            if (badHeaderStopsNode) {
                // SABOTAGE (tests only): BAD_HEADER_STOPS_THE_NODE.
                bugs.onBug("processing " + RequestCode.describe(request.code()), new IllegalStateException(e));
                return;
            }
            if (badHeaderAsBug) {
                // SABOTAGE (tests only): BAD_HEADER_ANSWERED_AS_BUG.
                log.error("bug while processing {}: {}", RequestCode.describe(request.code()), e.toString());
                channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.toString()));
                return;
            }
            refusePeerError(channel, request, e.getMessage());
        } catch (BodyException e) {
            refusePeerError(channel, request, e.getMessage());
        } catch (DiskException e) {
            // The disk failed under the request (a read or write error): the environment's fault, not
            // the peer's and not Petrel's. Loud, and the client learns which file and why.
            log.error("disk error while processing {} from {}: {}", RequestCode.describe(request.code()),
                    channel.remoteAddress(), e.getMessage());
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "disk error: " + e.getMessage()));
        } catch (RuntimeException e) {
            bugs.onBug("processing " + RequestCode.describe(request.code()) + " from " + channel.remoteAddress(), e);
            channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, e.toString()));
        }
    }

    /** A peer's mistake: WARN, and SYSTEM_ERROR (RocketMQ's code for a request it cannot decode) naming it. */
    private void refusePeerError(RemotingChannel channel, RemotingCommand request, String problem) {
        log.warn("refused {} from {}: {}", RequestCode.describe(request.code()), channel.remoteAddress(), problem);
        channel.reply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, problem));
    }
}
