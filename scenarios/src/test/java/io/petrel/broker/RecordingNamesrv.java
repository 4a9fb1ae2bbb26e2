package io.petrel.broker;

import io.petrel.common.RegisterBrokerBody;
import io.petrel.common.RegisterBrokerBodyCodec;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingServer;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerResponseHeader;
import io.petrel.scenarios.cluster.SimCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * A NameServer stand-in for registration tests: it notes every REGISTER_BROKER as it arrives (the
 * virtual time, whether compressed, the topics its body holds) and says yes.
 */
final class RecordingNamesrv implements Node {

    static final String HOST = "10.0.1.9";

    /** A registration as it arrived. */
    record Arrival(long atMs, boolean compressed, List<String> topics) {
    }

    private final Env env;
    final List<Arrival> arrivals = new ArrayList<>();
    private RemotingServer server;

    RecordingNamesrv(Env env) {
        this.env = env;
    }

    @Override
    public void start() {
        RequestDispatcher d = new RequestDispatcher(env).register(RequestCode.REGISTER_BROKER, (ch, req) -> {
            RegisterBrokerRequestHeader h = req.decodeHeader(RegisterBrokerRequestHeader.class);
            RegisterBrokerBody body = RegisterBrokerBodyCodec.decode(req.bodyBytes(), h.compressed());
            arrivals.add(new Arrival(env.clock().nanoTime() / 1_000_000, h.compressed(),
                    new ArrayList<>(body.topicConfigSerializeWrapper().topicConfigTable().keySet())));
            ch.reply(req, RemotingCommand.success().header(new RegisterBrokerResponseHeader(null, null)));
        });
        server = new RemotingServer(env, d, 120_000);
        server.listen(new Address(HOST, SimCluster.NAMESRV_PORT));
    }

    @Override
    public void shutdown(Runnable done) {
        server.stop();
        done.run();
    }
}
