package io.petrel.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.metrics.Labels;
import io.petrel.metrics.PromText;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    private static final long MS = 1_000_000L;

    private static RemotingCommand request(int code, long receivedNanos) {
        return RemotingCommand.request(code, null).receivedNanos(receivedNanos);
    }

    private static List<String> render(RequestMetrics metrics) {
        PromText out = new PromText();
        metrics.render(out, Labels.NONE.with("node_type", "broker"));
        return List.of(out.text().split("\n"));
    }

    @Test
    void recordsLatencyFromArrivalToReplyByRequestAndResponseCode() {
        RequestMetrics metrics = new RequestMetrics();
        metrics.onReplied(request(RequestCode.SEND_MESSAGE_V2, 100 * MS), ResponseCode.SUCCESS, true, 102 * MS);
        metrics.onReplied(request(RequestCode.SEND_MESSAGE_V2, 200 * MS), ResponseCode.SUCCESS, true, 250 * MS);
        String labels = "node_type=\"broker\",protocol_type=\"remoting\",request_code=\"send_message_v2\","
                + "response_code=\"success\",is_long_polling=\"false\",result=\"success\"";
        assertThat(render(metrics)).contains(
                "rocketmq_rpc_latency_bucket{" + labels + ",le=\"1\"} 0",
                "rocketmq_rpc_latency_bucket{" + labels + ",le=\"3\"} 1",
                "rocketmq_rpc_latency_bucket{" + labels + ",le=\"100\"} 2",
                "rocketmq_rpc_latency_sum{" + labels + "} 52",
                "rocketmq_rpc_latency_count{" + labels + "} 2");
        assertThat(render(metrics)).noneMatch(line -> line.startsWith("petrel_refused_requests_total{"));
    }

    @Test
    void countsRefusalsButNotEmptyPullsOrUnconfirmedFlushes() {
        RequestMetrics metrics = new RequestMetrics();
        metrics.onReplied(request(RequestCode.SEND_MESSAGE, 0), ResponseCode.NO_PERMISSION, true, 0);
        metrics.onReplied(request(RequestCode.SEND_MESSAGE, 0), ResponseCode.NO_PERMISSION, true, 0);
        metrics.onReplied(request(RequestCode.PULL_MESSAGE, 0), ResponseCode.PULL_NOT_FOUND, true, 0);
        metrics.onReplied(request(RequestCode.SEND_MESSAGE, 0), ResponseCode.FLUSH_DISK_TIMEOUT, true, 0);
        assertThat(render(metrics)).filteredOn(line -> line.startsWith("petrel_refused_requests_total{")).containsExactly(
                "petrel_refused_requests_total{node_type=\"broker\",request_code=\"send_message\","
                        + "response_code=\"no_permission\"} 2");
    }

    @Test
    void labelsHeldPullsAndFoldsUnknownCodesIntoOne() {
        RequestMetrics metrics = new RequestMetrics();
        RemotingCommand held = request(RequestCode.PULL_MESSAGE, 0);
        held.markHeldForLongPolling();
        metrics.onReplied(held, ResponseCode.SUCCESS, true, 15_000 * MS);
        for (int code = 90_000; code < 90_100; code++) {
            metrics.onReplied(request(code, 0), ResponseCode.REQUEST_CODE_NOT_SUPPORTED, true, 0);
        }
        List<String> lines = render(metrics);
        assertThat(lines).anyMatch(l -> l.startsWith("rocketmq_rpc_latency_count{") && l.contains("is_long_polling=\"true\"")
                && l.contains("request_code=\"pull_message\"") && l.endsWith(" 1"));
        assertThat(lines).contains("petrel_refused_requests_total{node_type=\"broker\",request_code=\"unknown\","
                + "response_code=\"request_code_not_supported\"} 100");
    }
}
