package io.petrel.remoting;

import io.petrel.metrics.Histogram;
import io.petrel.metrics.Labels;
import io.petrel.metrics.LongKeyedCells;
import io.petrel.metrics.PromText;

/**
 * A node's request metrics: RocketMQ 5.x's {@code rocketmq_rpc_latency} (milliseconds from the
 * request's frame arriving to its reply being handed to the connection, by request code, response
 * code, whether it was held for long polling, and whether the reply could be written) and Petrel's
 * {@code petrel_refused_requests_total} (requests answered with a code that refuses them, by
 * request and response code). A reply finds its cell by a {@code long} key, so counting allocates
 * nothing once a combination has been seen; label strings are built then, once. A oneway request
 * has no reply and is not counted. Single-threaded on the node's loop.
 */
public final class RequestMetrics implements ReplyObserver {

    public static final String RPC_LATENCY = "rocketmq_rpc_latency";
    public static final String REFUSED_REQUESTS = "petrel_refused_requests_total";

    private final LongKeyedCells<Cell> cells = new LongKeyedCells<>();

    private static final class Cell {
        final Labels labels;
        final Histogram latencyMs = new Histogram(Histogram.RPC_LATENCY_MS);
        long refused;

        Cell(long key) {
            labels = Labels.NONE.with("protocol_type", "remoting")
                    .with("request_code", requestName(key))
                    .with("response_code", ResponseCode.metricName(responseCode(key)))
                    .with("is_long_polling", Boolean.toString((key & LONG_POLLING) != 0))
                    .with("result", (key & WRITE_FAILED) != 0 ? "write_channel_failed" : "success");
        }
    }

    /** Every code RocketMQ does not define counts as this one, so hostile codes cannot grow the table. */
    private static final int UNKNOWN_CODE = -1;
    private static final long LONG_POLLING = 1L << 32;
    private static final long WRITE_FAILED = 1L << 33;

    @Override
    public void onReplied(RemotingCommand request, int responseCode, boolean written, long nowNanos) {
        int code = RequestCode.isKnown(request.code()) ? request.code() : UNKNOWN_CODE;
        long key = ((long) code << 34) | (request.heldForLongPolling() ? LONG_POLLING : 0)
                | (written ? 0 : WRITE_FAILED) | (responseCode & 0xFFFF_FFFFL);
        Cell cell = cells.get(key, Cell::new);
        cell.latencyMs.record(Math.max(0, nowNanos - request.receivedNanos()) / 1_000_000L);
        if (refuses(responseCode)) {
            cell.refused++;
        }
    }

    /**
     * True for a response code that refuses the request. Not: success, the pull and query answers
     * that only say "nothing (here) yet", and the send answers that say the message was stored but
     * its flush or replication not confirmed in time.
     */
    public static boolean refuses(int responseCode) {
        return switch (responseCode) {
            case ResponseCode.SUCCESS, ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY,
                    ResponseCode.PULL_OFFSET_MOVED, ResponseCode.QUERY_NOT_FOUND, ResponseCode.FLUSH_DISK_TIMEOUT,
                    ResponseCode.SLAVE_NOT_AVAILABLE, ResponseCode.FLUSH_SLAVE_TIMEOUT -> false;
            default -> true;
        };
    }

    /** Renders both families, every cell under {@code node}'s labels, in key order. */
    public void render(PromText out, Labels node) {
        long[] keys = cells.keysInOrder();
        out.family(RPC_LATENCY, "histogram", "Time from a request's arrival to its reply, in milliseconds");
        for (long key : keys) {
            Cell cell = cells.find(key);
            out.histogram(RPC_LATENCY, "", node.and(cell.labels), cell.latencyMs);
        }
        out.family(REFUSED_REQUESTS, "counter", "Requests answered with a response code that refuses them");
        for (long key : keys) {
            Cell cell = cells.find(key);
            if (cell.refused > 0) {
                out.counter(REFUSED_REQUESTS, "", refusedLabels(node, key), cell.refused);
            }
        }
    }

    private static Labels refusedLabels(Labels node, long key) {
        return node.with("request_code", requestName(key))
                .with("response_code", ResponseCode.metricName(responseCode(key)));
    }

    private static String requestName(long key) {
        int code = requestCode(key);
        return code == UNKNOWN_CODE ? "unknown" : RequestCode.metricName(code);
    }

    private static int requestCode(long key) {
        return (int) (key >> 34);
    }

    private static int responseCode(long key) {
        return (int) key;
    }
}
