package io.petrel.namesrv;

import io.petrel.metrics.Labels;
import io.petrel.metrics.PromText;
import io.petrel.remoting.RequestMetrics;

/**
 * What a NameServer's Prometheus endpoint shows: the requests it answered (RocketMQ 5.x's
 * {@code rocketmq_rpc_latency}, Petrel's {@code petrel_refused_requests_total}) and two gauges of
 * its route table, the live brokers ({@code petrel_namesrv_live_brokers}) and the topics routed
 * ({@code petrel_namesrv_topics}). RocketMQ 5.x's NameServer exports no metrics, so its labels
 * follow the broker's: {@code node_type="namesrv"} and {@code node_id} its listening address.
 * Single-threaded on the NameServer's loop.
 */
public final class NamesrvMetrics {

    private final RequestMetrics requests = new RequestMetrics();
    private final RouteInfoManager routes;
    private Labels node = Labels.NONE.with("node_type", "namesrv");

    NamesrvMetrics(RouteInfoManager routes) {
        this.routes = routes;
    }

    RequestMetrics requests() {
        return requests;
    }

    void onListening(String address) {
        node = Labels.NONE.with("node_type", "namesrv").with("node_id", address);
    }

    /** The exposition text of this moment. */
    public String render() {
        PromText out = new PromText();
        out.gauge("petrel_namesrv_live_brokers", "Brokers registered and not expired", node, routes.liveBrokerCount());
        out.gauge("petrel_namesrv_topics", "Topics in the route table", node, routes.allTopics().size());
        requests.render(out, node);
        return out.text();
    }
}
