package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.common.BrokerStatsData;
import io.petrel.common.KVTable;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.ViewBrokerStatsDataRequestHeader;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * GET_BROKER_RUNTIME_INFO (mqadmin clusterList and brokerStatus: a KVTable of strings, keys sorted)
 * and VIEW_BROKER_STATS_DATA (mqadmin statsAll: one statistic over the last minute, hour and day;
 * SYSTEM_ERROR "The stats &lt;name&gt; &lt;key&gt; not exist" for one never counted, as RocketMQ
 * answers). Read-only.
 */
public final class RuntimeInfoProcessor {

    private final Supplier<Map<String, String>> runtimeInfo;
    private final BiFunction<String, String, BrokerStatsData> statsView;

    public RuntimeInfoProcessor(Supplier<Map<String, String>> runtimeInfo, BiFunction<String, String, BrokerStatsData> statsView) {
        this.runtimeInfo = runtimeInfo;
        this.statsView = statsView;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_BROKER_RUNTIME_INFO, (ch, req) -> Replies.ok(ch, req, new KVTable(new TreeMap<>(runtimeInfo.get()))))
                .register(RequestCode.VIEW_BROKER_STATS_DATA, this::viewStats);
    }

    private void viewStats(RemotingChannel channel, RemotingCommand request) {
        ViewBrokerStatsDataRequestHeader h = request.decodeHeader(ViewBrokerStatsDataRequestHeader.class);
        BrokerStatsData data = statsView.apply(h.statsName(), h.statsKey());
        if (data == null) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "The stats <" + h.statsName() + "> <" + h.statsKey() + "> not exist");
            return;
        }
        Replies.ok(channel, request, data);
    }
}
