package io.petrel.admin;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Petrel's admin client: every call the mqadmin commands make, written against the seams only.
 * Calls return {@link Promise}s settled on the node's loop; nothing blocks. Single requests are
 * in {@link #namesrv()} and {@link #broker()}; operations that span brokers (a cluster's masters,
 * a topic's route, a group's brokers) in {@link #topics()}, {@link #consumers()},
 * {@link #cluster()} and {@link #messages()}, each reporting per-broker outcomes where mqadmin
 * prints them. Errors are {@link AdminException}s that say which peer answered what.
 */
public final class AdminClient {

    /** mqadmin's timeout for one request (DefaultMQAdminExt's timeoutMillis). */
    public static final long DEFAULT_TIMEOUT_MS = 5_000;
    /** RocketMQ's client connect timeout. */
    public static final long CONNECT_TIMEOUT_MS = 3_000;

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;
    private final TopicOperations topics;
    private final ConsumerOperations consumers;
    private final ClusterOperations cluster;
    private final MessageOperations messages;
    private final OffsetReset offsetReset;
    private final StatsAll statsAll;
    private final AclOperations acl;

    public AdminClient(Env env, RemotingClient client, List<Address> namesrvs, long timeoutMs) {
        AdminRpc rpc = new AdminRpc(client, timeoutMs);
        this.namesrv = new NamesrvAdmin(rpc, namesrvs, env.random());
        this.broker = new BrokerAdmin(rpc);
        this.topics = new TopicOperations(namesrv, broker);
        this.consumers = new ConsumerOperations(namesrv, broker);
        this.cluster = new ClusterOperations(namesrv, broker, env.clock());
        this.messages = new MessageOperations(namesrv, broker, consumers, rpc, env);
        this.offsetReset = new OffsetReset(namesrv, broker);
        this.statsAll = new StatsAll(namesrv, broker, consumers);
        this.acl = new AclOperations(namesrv, rpc);
    }

    /**
     * Parses mqadmin's NameServer list, {@code host:port[;host:port...]}; blank gives an empty list.
     *
     * @throws AdminException of kind INVALID_ARGUMENT naming the bad entry
     */
    public static List<Address> parseNamesrvAddr(String text) {
        List<Address> addresses = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return addresses;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                addresses.add(Address.parse(part));
            } catch (IllegalArgumentException e) {
                throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "invalid NameServer address: " + e.getMessage());
            }
        }
        return addresses;
    }

    public NamesrvAdmin namesrv() {
        return namesrv;
    }

    /** The ACL admin requests 50–53 (updateAclConfig and friends). */
    public AclOperations acl() {
        return acl;
    }

    public BrokerAdmin broker() {
        return broker;
    }

    public TopicOperations topics() {
        return topics;
    }

    public ConsumerOperations consumers() {
        return consumers;
    }

    public ClusterOperations cluster() {
        return cluster;
    }

    public MessageOperations messages() {
        return messages;
    }

    /**
     * resetOffsetByTime: {@code timestamp} in ms, or -1 for the end of every queue; see
     * {@link OffsetReset} for the online and offline paths.
     */
    public Promise<ResetOffsetResult> resetOffsetByTime(String topic, String group, long timestamp, boolean force) {
        return offsetReset.resetByTime(topic, group, timestamp, force);
    }

    /** statsAll: rows for every topic (or only {@code topic}); {@code activeOnly} drops idle ones. */
    public Promise<List<StatsAllRow>> statsAll(String topic, boolean activeOnly) {
        return statsAll.rows(topic, activeOnly);
    }
}
