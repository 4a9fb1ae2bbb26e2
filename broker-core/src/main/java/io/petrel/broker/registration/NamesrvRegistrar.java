package io.petrel.broker.registration;

import io.petrel.common.Crc32;
import io.petrel.common.DataVersion;
import io.petrel.common.FanIn;
import io.petrel.common.RegisterBrokerBody;
import io.petrel.common.RegisterBrokerBodyCodec;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerRequestHeader;
import io.petrel.remoting.header.NamesrvHeaders.RegisterBrokerResponseHeader;
import io.petrel.remoting.header.NamesrvHeaders.UnregisterBrokerRequestHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Registers one broker with every NameServer in its list, periodically and on demand. Each
 * NameServer is handled independently: a failure to one is logged and retried at the next period
 * while the others proceed. Single-threaded on the broker's loop.
 */
public final class NamesrvRegistrar {

    /** Who the broker is, as REGISTER_BROKER tells it. */
    public record Identity(String clusterName, String brokerName, long brokerId, String brokerAddr, String haServerAddr) {
    }

    /** One NameServer's answer to the latest registration. */
    public record Outcome(Address namesrv, boolean ok, String masterAddr, String haServerAddr, String error) {
    }

    private final Env env;
    private final RemotingClient client;
    private final List<Address> namesrvs;
    private final Identity identity;
    private final Supplier<TopicConfigSerializeWrapper> topics;
    private final long periodMs;
    private final long timeoutMs;
    private final boolean compressed;
    private final Consumer<Outcome> onOutcome;
    private final TreeMap<Address, Outcome> latest = new TreeMap<>();
    private boolean started;
    private boolean stopped;
    private long registrations;
    private long outcomes;

    public NamesrvRegistrar(Env env, RemotingClient client, List<Address> namesrvs, Identity identity,
            Supplier<TopicConfigSerializeWrapper> topics, long periodMs, long timeoutMs, boolean compressed,
            Consumer<Outcome> onOutcome) {
        this.env = env;
        this.client = client;
        this.namesrvs = List.copyOf(namesrvs);
        this.identity = identity;
        this.topics = topics;
        this.periodMs = periodMs;
        this.timeoutMs = timeoutMs;
        this.compressed = compressed;
        this.onOutcome = onOutcome;
    }

    /** Registers now and then every period. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        registerAll();
        schedulePeriodic();
    }

    private void schedulePeriodic() {
        env.scheduler().schedule(periodMs, () -> {
            if (!stopped) {
                registerAll();
                schedulePeriodic();
            }
        });
    }

    /** Registers the whole topic table with every NameServer now (after a change of many topics, for example). */
    public void registerAll() {
        register(topics.get());
    }

    /**
     * Registers a part of the table, one changed topic (RocketMQ's {@code registerIncrementBrokerData}),
     * so that creating topic after topic costs each NameServer one topic, not the whole table each
     * time. The part carries {@link DataVersion#ofIncrement}: the next periodic
     * registration of the whole table is applied in full, whatever the NameServer took or missed.
     */
    public void registerIncrement(TopicConfigSerializeWrapper increment) {
        register(increment);
    }

    private void register(TopicConfigSerializeWrapper table) {
        if (stopped) {
            return;
        }
        byte[] body = RegisterBrokerBodyCodec.encode(new RegisterBrokerBody(table, new ArrayList<>()), compressed);
        int crc = Crc32.masked(body);
        registrations++;
        for (Address namesrv : namesrvs) {
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER,
                    new RegisterBrokerRequestHeader(identity.brokerName(), identity.brokerAddr(), identity.clusterName(),
                            identity.haServerAddr(), identity.brokerId(), compressed, crc)).body(body);
            client.invoke(namesrv, request, timeoutMs, ResponseCallback.of(
                    response -> onRegistered(namesrv, response),
                    failure -> record(new Outcome(namesrv, false, null, null, failure.toString()))));
        }
    }

    private void onRegistered(Address namesrv, RemotingCommand response) {
        if (response.code() != ResponseCode.SUCCESS) {
            record(new Outcome(namesrv, false, null, null,
                    ResponseCode.describe(response.code()) + " " + response.remark()));
            return;
        }
        RegisterBrokerResponseHeader h = response.decodeHeader(RegisterBrokerResponseHeader.class);
        record(new Outcome(namesrv, true, h.masterAddr(), h.haServerAddr(), null));
    }

    private void record(Outcome outcome) {
        if (!outcome.ok()) {
            env.log().probe("broker-register-failed");
        }
        outcomes++;
        Outcome previous = latest.put(outcome.namesrv(), outcome);
        if (!outcome.ok() && (previous == null || previous.ok())) {
            env.log().warn("register broker to name server {} failed: {}", outcome.namesrv(), outcome.error());
        } else if (outcome.ok() && previous != null && !previous.ok()) {
            env.log().info("registered with name server {} again", outcome.namesrv());
        }
        onOutcome.accept(outcome);
    }

    /** The latest answer of each NameServer. */
    public TreeMap<Address, Outcome> latest() {
        return new TreeMap<>(latest);
    }

    public long registrations() {
        return registrations;
    }

    /** Whether a registration sent to some NameServer has been neither answered nor failed yet. */
    public boolean inFlight() {
        return outcomes < registrations * namesrvs.size();
    }

    /**
     * Stops registering and unregisters from every NameServer; {@code done} runs when each has
     * answered or failed (bounded by the request timeout).
     */
    public void unregisterAll(Runnable done) {
        stopped = true;
        if (namesrvs.isEmpty()) {
            done.run();
            return;
        }
        FanIn answered = new FanIn("unregistrations", namesrvs.size(), done);
        for (Address namesrv : namesrvs) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_BROKER,
                    new UnregisterBrokerRequestHeader(identity.brokerName(), identity.brokerAddr(),
                            identity.clusterName(), identity.brokerId()));
            client.invoke(namesrv, request, timeoutMs, ResponseCallback.of(r -> answered.arrive(), f -> answered.arrive()));
        }
    }

    /** Parses RocketMQ's {@code namesrvAddr}: addresses separated by ';' (blank entries ignored). */
    public static List<Address> parseNamesrvAddr(String text) {
        List<Address> addresses = new ArrayList<>();
        if (text == null) {
            return addresses;
        }
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                addresses.add(Address.parse(part.trim()));
            }
        }
        return addresses;
    }
}
