package io.petrel.namesrv;

import io.petrel.common.DurableFile;
import io.petrel.common.Json;
import io.petrel.common.UnreadableFileException;
import io.petrel.env.Address;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.metrics.MetricsExporterType;
import io.petrel.metrics.MetricsKeys;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestDispatcher;

/**
 * A NameServer node: the composition root that wires its route tables, KV config and request
 * processor to a remoting server, and schedules the scan for brokers that went quiet. Its parts
 * do not know it.
 */
public final class NameServer implements Node {

    private final Env env;
    private final NamesrvConfig config;
    private final RouteInfoManager routes = new RouteInfoManager();
    private final KvConfigManager kv;
    private final RemotingServer server;
    /** Null unless metricsExporterType=PROM. */
    private final NamesrvMetrics metrics;
    private Address address;
    private boolean stopped;

    public NameServer(Env env, NamesrvConfig config) {
        this.env = env;
        this.config = config;
        this.kv = new KvConfigManager(new DurableFile(env, config.kvConfigPath()));
        RequestDispatcher dispatcher = new RequestDispatcher(env);
        new NamesrvProcessor(env, new NamesrvRuntimeConfig(config), routes, kv).registerWith(dispatcher);
        boolean prom = config.values().get(MetricsKeys.METRICS_EXPORTER_TYPE) == MetricsExporterType.PROM;
        this.metrics = prom ? new NamesrvMetrics(routes) : null;
        if (metrics != null) {
            dispatcher.observeReplies(metrics.requests());
        }
        this.server = new RemotingServer(env, dispatcher, config.serverChannelMaxIdleTimeSeconds() * 1_000L);
        server.onChannelClosed(channel -> {
            RouteInfoManager.RemovedBroker removed = routes.onChannelClosed(channel);
            if (removed != null) {
                env.log().probe("namesrv-broker-channel-closed");
                env.log().info("broker {} ({} id {}) removed: its connection closed", removed.brokerAddr(),
                        removed.brokerName(), removed.brokerId());
            }
        });
    }

    @Override
    public void invariants() {
        routes.invariants();
    }

    @Override
    public void start() {
        loadKvConfig();
        address = server.listen(new Address(config.bindAddress(), config.listenPort()));
        if (metrics != null) {
            metrics.onListening(address.toString());
        }
        env.scheduler().schedule(config.scanNotActiveBrokerInterval(), this::scanNotActiveBrokers);
        env.log().info("NameServer listening on {}", address);
    }

    /**
     * KV config is operator metadata, not messages: a file that cannot be read (a disk fault, a hand
     * edit) must not keep the NameServer, whose routes every client needs, from starting. The file is
     * moved aside for the operator to repair and put back, and the NameServer starts without it.
     */
    private void loadKvConfig() {
        try {
            kv.load();
        } catch (UnreadableFileException e) {
            String aside;
            try {
                aside = kv.moveAside();
            } catch (DiskException moveFailed) {
                env.log().error("KV config {} cannot be read ({}) nor moved aside ({}); starting with an empty KV "
                        + "config, and the next KV change replaces the file", e.path(), e.reason(), moveFailed.getMessage());
                return;
            }
            env.log().error("KV config {} cannot be read ({}); moved it aside to {} and starting with an empty KV "
                    + "config: repair that file and move it back while the NameServer is stopped to restore it",
                    e.path(), e.reason(), aside);
        }
    }

    /** The bound address (its port is the real one when listenPort was 0). */
    public Address address() {
        return address;
    }

    /** The KV config as its file holds it (JSON), for checks that a request left it as it was. */
    public String kvConfigJson() {
        return Json.writeString(kv.wrapper());
    }

    /** The Prometheus metrics, or null when metricsExporterType is not PROM. */
    public NamesrvMetrics metrics() {
        return metrics;
    }

    /** The tables, for tests and the scenario checker. */
    public RouteInfoManager routes() {
        return routes;
    }

    private void scanNotActiveBrokers() {
        if (stopped) {
            return;
        }
        for (RouteInfoManager.RemovedBroker removed : routes.expire(env.clock().nanoTime(), config.brokerExpiredMs())) {
            env.log().probe("namesrv-broker-expired");
            env.log().warn("broker {} ({} id {}) expired: not heard from for {} ms", removed.brokerAddr(),
                    removed.brokerName(), removed.brokerId(), config.brokerExpiredMs());
            if (removed.channel() instanceof RemotingChannel channel) {
                channel.close();
            }
        }
        env.scheduler().schedule(config.scanNotActiveBrokerInterval(), this::scanNotActiveBrokers);
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        server.stop();
        kv.afterPendingSaves(() -> {
            env.log().info("NameServer stopped");
            done.run();
        });
    }
}
