package io.petrel.broker;

import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.registration.NamesrvRegistrar;
import io.petrel.broker.schedule.ScheduleMessageService;
import io.petrel.broker.slave.SlaveSynchronize;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.Sabotage;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.DiskPaths;
import io.petrel.ha.HaMaster;
import io.petrel.ha.HaRecovery;
import io.petrel.ha.HaSlave;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.store.MessageStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A broker's part in replication, by role. A master (ASYNC or SYNC) serves slaves on
 * {@code haListenPort}; a SYNC_MASTER also makes its store wait for a slave's acknowledgement before
 * answering puts. A slave follows the master its NameServers name (or {@code haMasterAddress}) and
 * copies its metadata. Started once the store serves, stopped before it shuts down.
 */
final class BrokerReplication {

    private final Env env;
    private final BrokerConfig settings;
    private final MessageStore store;
    private final HaMaster master;
    private final HaRecovery recovery;
    private final HaSlave slave;
    private final SlaveSynchronize sync;

    BrokerReplication(Env env, BrokerConfig settings, MessageStore store, RemotingClient client,
            TopicConfigManager topics, SubscriptionGroupManager groups, ConsumerOffsetManager offsets,
            ScheduleMessageService schedule, Set<Sabotage> sabotage) {
        this.env = env;
        this.settings = settings;
        this.store = store;
        boolean isMaster = settings.isMaster();
        this.recovery = isMaster ? new HaRecovery(env, store, DiskPaths.join(settings.store().storePathRootDir(),
                "config/haSlave.json")) : null;
        this.master = isMaster ? new HaMaster(env, settings.ha(), store, recovery) : null;
        this.slave = isMaster ? null : new HaSlave(env, settings.ha(), store, client, sabotage);
        this.sync = isMaster ? null : new SlaveSynchronize(env, client, topics, groups, offsets, schedule);
        if (!isMaster) {
            offsets.trackCommitsFromConsumers();
            if (sabotage.contains(Sabotage.SLAVE_OVERWRITES_CONSUMER_OFFSETS)) {
                sync.sabotageOverwriteOffsets();
            }
        }
    }

    /** Reads a master's replication marker (see {@link HaRecovery#load}); a slave has none. */
    void load() {
        if (recovery != null) {
            recovery.load();
        }
    }

    /** The master's side of a slave handing back a lost tail ({@link io.petrel.ha.PushTail}). */
    void registerWith(RequestDispatcher d) {
        if (recovery != null) {
            recovery.registerWith(d);
        }
    }

    void start(boolean lastExitClean) {
        if (master != null) {
            recovery.begin(lastExitClean, settings.role() == BrokerRole.SYNC_MASTER);
            if (settings.role() == BrokerRole.SYNC_MASTER) {
                store.replication().setReplicaAcks(master, settings.ha().slaveTimeoutMs());
            }
            master.start(new Address(settings.bindAddress(), settings.haListenPort()));
        } else {
            slave.start();
            sync.start();
        }
    }

    /** A NameServer answered a registration: a slave learns its master's addresses from it. */
    void onRegistered(NamesrvRegistrar.Outcome outcome) {
        if (slave != null && outcome.ok()) {
            slave.onMasterHaAddress(outcome.haServerAddr());
            slave.onMasterAddress(outcome.masterAddr());
            sync.onMasterAddress(outcome.masterAddr());
        }
    }

    void stop() {
        if (master != null) {
            master.stop();
        } else {
            slave.stop();
            sync.stop();
        }
    }

    void invariants() {
        if (master != null) {
            master.invariants();
        }
    }

    /**
     * Runtime-info entries about replication (brokerStatus, clusterList). RocketMQ 4.9.8's
     * GET_BROKER_RUNTIME_INFO carries no replication entry at all; the one figure 4.9.8 computes
     * about it is {@code MessageStore#slaveFallBehindMuch()} (the master logs it every minute as
     * "Slave fall behind master"), so a master adds that, under that name and with its meaning: the
     * commit log's end minus the highest offset a slave acknowledged. 4.9.8 keeps that offset after
     * the slave goes; Petrel counts only live connections (see {@link HaMaster}), so with no slave
     * streaming the figure is the whole log, as 4.9.8's is before any slave connected. A slave adds
     * nothing: its {@code commitLogMaxOffset} is where it has replicated to, and 4.9.8's figure on a
     * slave would be that same number.
     */
    Map<String, String> runtimeInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        if (master != null) {
            info.put("slaveFallBehindMuch", String.valueOf(Math.max(0, store.getMaxPhyOffset() - master.replicatedEnd())));
        }
        return info;
    }

    /** On a master, its log's end minus what its most advanced connected slave acknowledged; -1 on a slave. */
    long lagBytes() {
        return master == null ? -1 : Math.max(0, store.getMaxPhyOffset() - master.replicatedEnd());
    }

    /** Slaves the master streams to; 0 on a slave. */
    int streamingSlaves() {
        return master == null ? 0 : master.streamingSlaves();
    }

    /** True on a slave with a live replication connection to its master; false on a master. */
    boolean connectedToMaster() {
        return slave != null && slave.isConnected();
    }
}
