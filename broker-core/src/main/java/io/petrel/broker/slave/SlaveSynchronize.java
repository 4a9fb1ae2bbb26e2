package io.petrel.broker.slave;

import io.petrel.broker.offset.ConsumerOffsetManager;
import io.petrel.broker.schedule.ScheduleMessageService;
import io.petrel.broker.subscription.SubscriptionGroupManager;
import io.petrel.broker.topic.TopicConfigManager;
import io.petrel.common.BodyException;
import io.petrel.common.ConsumerOffsetSerializeWrapper;
import io.petrel.common.DelayOffsetSerializeWrapper;
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
import java.util.function.Consumer;

/**
 * A slave's copy of its master's metadata (RocketMQ's {@code SlaveSynchronize}): at start and every
 * {@link #PERIOD_MS}, the master's topics (GET_ALL_TOPIC_CONFIG on its VIP port, as 4.9 asks),
 * committed offsets (GET_ALL_CONSUMER_OFFSET), delay offsets (GET_ALL_DELAY_OFFSET) and subscription
 * groups (GET_ALL_SUBSCRIPTIONGROUP_CONFIG), so that when the master dies its slave serves the topics
 * and groups it had. Topics and groups are taken whole when the master's data version differs;
 * offsets are merged per queue, the master's winning, as in RocketMQ 4.9.
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

    public SlaveSynchronize(Env env, RemotingClient client, TopicConfigManager topics, SubscriptionGroupManager groups,
            ConsumerOffsetManager offsets, ScheduleMessageService schedule) {
        this.env = env;
        this.client = client;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.schedule = schedule;
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
            ask(at, RequestCode.GET_ALL_CONSUMER_OFFSET, ConsumerOffsetSerializeWrapper.class, o -> {
                offsets.adoptFromMaster(o);
                ask(at, RequestCode.GET_ALL_DELAY_OFFSET, DelayOffsetSerializeWrapper.class, d -> {
                    schedule.adoptFromMaster(d);
                    ask(at, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, SubscriptionGroupWrapper.class, g -> {
                        groups.adoptFromMaster(g);
                        rounds++;
                    });
                });
            });
        });
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
