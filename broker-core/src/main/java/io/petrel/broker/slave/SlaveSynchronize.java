package io.petrel.broker.slave;

import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.schedule.ScheduleMessageService;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.BodyException;
import io.petrel.common.ConsumerOffsetSerializeWrapper;
import io.petrel.common.DelayOffsetSerializeWrapper;
import io.petrel.common.FanIn;
import io.petrel.common.Json;
import io.petrel.common.SubscriptionGroupWrapper;
import io.petrel.common.TopicConfigSerializeWrapper;
import io.petrel.env.Address;
import io.petrel.env.Cancellable;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.ConsumerHeaders.UpdateConsumerOffsetRequestHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A slave's copy of its master's metadata (RocketMQ's {@code SlaveSynchronize}): at start and every
 * {@link #PERIOD_MS}, the master's topics (GET_ALL_TOPIC_CONFIG on its VIP port, as 4.9 asks),
 * committed offsets (GET_ALL_CONSUMER_OFFSET), delay offsets (GET_ALL_DELAY_OFFSET) and subscription
 * groups (GET_ALL_SUBSCRIPTIONGROUP_CONFIG), so that when the master dies its slave serves the topics
 * and groups it had. Topics and groups are taken whole when the master's data version differs;
 * offsets are merged per queue, the master's winning, as in RocketMQ 4.9, except the offsets
 * consumers committed to this slave while their master was away: those are handed to the master
 * first (UPDATE_CONSUMER_OFFSET) and kept over its older copy until it has them, so a group that
 * read from the slave neither re-reads nor skips when its master is back (RocketMQ 4.9 overwrites
 * them: rocketmq#1094).
 *
 * <p>A failed or malformed answer is logged and left for the next round; nothing is partly applied
 * from one answer. Driven by the slave's loop; a crash loses nothing the next round does not redo.
 */
public final class SlaveSynchronize {

    /** RocketMQ's period. */
    public static final long PERIOD_MS = 10_000;
    private static final long TIMEOUT_MS = 3_000;

    private final Env env;
    private final RemotingClient client;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ScheduleMessageService schedule;
    private Address master;
    private Cancellable timer = Cancellable.NONE;
    private boolean stopped;
    private long rounds;
    private boolean overwriteOffsets;

    public SlaveSynchronize(Env env, RemotingClient client, TopicConfigManager topics, SubscriptionGroupManager groups,
            ConsumerOffsetManager offsets, ScheduleMessageService schedule) {
        this.env = env;
        this.client = client;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.schedule = schedule;
    }

    /** Tests only: {@link io.petrel.common.Sabotage#SLAVE_OVERWRITES_CONSUMER_OFFSETS}. */
    public void sabotageOverwriteOffsets() {
        overwriteOffsets = true;
    }

    public void start() {
        timer = env.scheduler().schedule(0, this::round);
    }

    public void stop() {
        stopped = true;
        timer.cancel();
    }

    /** The master's remoting address, as the NameServers name it; a first address syncs at once. */
    public void onMasterAddress(String masterAddr) {
        if (masterAddr == null || masterAddr.isEmpty()) {
            return;
        }
        Address named = Address.parse(masterAddr);
        if (!named.equals(master)) {
            boolean first = master == null;
            master = named;
            if (first && !stopped) {
                timer.cancel();
                timer = env.scheduler().schedule(0, this::round);
            }
        }
    }

    /** Completed sync rounds (every answer applied or found unchanged). */
    public long rounds() {
        return rounds;
    }

    private void round() {
        if (stopped) {
            return;
        }
        timer = env.scheduler().schedule(PERIOD_MS, this::round);
        Address at = master;
        if (at == null) {
            return;
        }
        ask(at.withPort(at.port() - 2), RequestCode.GET_ALL_TOPIC_CONFIG, TopicConfigSerializeWrapper.class, wrapper -> {
            if (topics.adoptFromMaster(wrapper)) {
                env.log().info("slave sync: took {} topics from master {}", wrapper.topicConfigTable().size(), at);
            }
            ask(at, RequestCode.GET_ALL_CONSUMER_OFFSET, ConsumerOffsetSerializeWrapper.class, o -> handBack(at, o, taken -> {
                // SABOTAGE (tests only): SLAVE_OVERWRITES_CONSUMER_OFFSETS takes the master's copy as it is.
                offsets.adoptFromMaster(withTaken(o, taken), !overwriteOffsets);
                ask(at, RequestCode.GET_ALL_DELAY_OFFSET, DelayOffsetSerializeWrapper.class, d -> {
                    schedule.adoptFromMaster(d);
                    ask(at, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, SubscriptionGroupWrapper.class, g -> {
                        groups.adoptFromMaster(g);
                        rounds++;
                    });
                });
            }));
        });
    }

    /**
     * Hands the master every offset a consumer committed here that is later than the master's
     * (UPDATE_CONSUMER_OFFSET, RocketMQ's own request, so an Apache master takes it too), then runs
     * {@code then}. What the master took, or already had later, is no longer tracked; what it did
     * not answer stays for the next round, and the slave keeps it over the master's copy meanwhile.
     */
    private void handBack(Address master, ConsumerOffsetSerializeWrapper masterOffsets, Consumer<List<Commit>> then) {
        if (overwriteOffsets) {
            then.accept(List.of());
            return;
        }
        Map<String, Map<Integer, Long>> theirs = masterOffsets.offsetTable() == null ? new TreeMap<>() : masterOffsets.offsetTable();
        List<Commit> ahead = new ArrayList<>();
        offsets.committedHere().forEach((key, queues) -> queues.forEach((queueId, offset) -> {
            Long mastersOffset = theirs.getOrDefault(key, new TreeMap<>()).get(queueId);
            if (mastersOffset != null && mastersOffset >= offset) {
                offsets.handedToMaster(key, queueId, mastersOffset);
            } else {
                ahead.add(new Commit(key, queueId, offset));
            }
        }));
        List<Commit> taken = new ArrayList<>();
        if (ahead.isEmpty()) {
            then.accept(taken);
            return;
        }
        env.log().info("slave sync: handing master {} the {} offsets consumers committed here meanwhile", master,
                ahead.size());
        FanIn answered = new FanIn("slave sync offsets", ahead.size(), () -> then.accept(taken));
        for (Commit c : ahead) {
            int at = c.key().lastIndexOf('@');
            RemotingCommand request = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                    new UpdateConsumerOffsetRequestHeader(c.key().substring(at + 1), c.key().substring(0, at), c.queueId(),
                            c.offset(), null));
            client.invoke(master, request, TIMEOUT_MS, ResponseCallback.of(response -> {
                if (response.code() == ResponseCode.SUCCESS) {
                    offsets.handedToMaster(c.key(), c.queueId(), c.offset());
                    taken.add(c);
                }
                answered.arrive();
            }, failure -> {
                answered.arrive();
            }));
        }
    }

    /** The master's offsets as they are now that it took {@code taken} (its answer predates them). */
    private static ConsumerOffsetSerializeWrapper withTaken(ConsumerOffsetSerializeWrapper master, List<Commit> taken) {
        Map<String, Map<Integer, Long>> table = new TreeMap<>();
        if (master.offsetTable() != null) {
            master.offsetTable().forEach((k, v) -> {
                TreeMap<Integer, Long> queues = new TreeMap<>();
                if (k != null && v != null) {
                    v.forEach((q, o) -> {
                        if (q != null && o != null) {
                            queues.put(q, o);
                        }
                    });
                    table.put(k, queues);
                }
            });
        }
        for (Commit c : taken) {
            table.computeIfAbsent(c.key(), k -> new TreeMap<>()).merge(c.queueId(), c.offset(), Math::max);
        }
        return new ConsumerOffsetSerializeWrapper(table);
    }

    /** One consumer commit a slave holds for its master. */
    private record Commit(String key, int queueId, long offset) {
    }

    private <T> void ask(Address address, int code, Class<T> type, Consumer<T> apply) {
        client.invoke(address, RemotingCommand.request(code, null), TIMEOUT_MS, ResponseCallback.of(response -> {
            if (stopped) {
                return;
            }
            if (response.code() != ResponseCode.SUCCESS) {
                env.log().warn("slave sync: {} at {} answered {} {}", RequestCode.describe(code), address,
                        response.code(), response.remark());
                return;
            }
            T body;
            try {
                if (response.bodyBytes() == null) {
                    throw new BodyException("no body");
                }
                body = Json.read(response.bodyBytes(), type);
            } catch (BodyException e) {
                env.log().warn("slave sync: {} at {} sent a malformed body: {}", RequestCode.describe(code), address,
                        e.getMessage());
                return;
            }
            apply.accept(body);
        }, failure -> env.log().debug("slave sync: {} at {} failed: {}", RequestCode.describe(code), address,
                failure.message())));
    }
}
