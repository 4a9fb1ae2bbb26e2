package io.petrel.scenarios.fuzz;

import io.petrel.acl.AclCredentials;
import io.petrel.acl.AclSigner;
import io.petrel.common.ConsumeFromWhere;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerData;
import io.petrel.common.HeartbeatData;
import io.petrel.common.Json;
import io.petrel.common.MessageModel;
import io.petrel.common.SubscriptionData;
import io.petrel.common.SubscriptionGroupConfig;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.RandomSource;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AclHeaders.CreateAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.UpdateGlobalWhiteAddrsConfigRequestHeader;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.AdminHeaders.DeleteTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.PullMessageRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.UpdateConsumerOffsetRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.scenarios.history.History;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * A node on a host no white list names that sends brokers (masters and slaves) requests each needing a
 * permission its signature does not carry: unsigned, under an unknown access key, with a wrong
 * secret, signed by the admin and then altered on the way, or signed by an account that lacks the
 * permission ({@link FuzzAcl#GUEST}, or {@link FuzzAcl#APP} beyond the workload's topics and groups).
 * Every answer is recorded: a request that was served is a violation ({@code acl-accepted}); what it
 * would have changed is looked for by the final scan ({@code acl-state-changed}).
 */
final class FuzzIntruder implements Node {

    private static final long TIMEOUT_MS = 3_000;

    /** How a request is signed. */
    enum Signer { NONE, UNKNOWN_KEY, WRONG_SECRET, TAMPERED, GUEST, APP }

    /** What a request tries to do. */
    enum Attack { SEND, CREATE_TOPIC, DELETE_TOPIC, CREATE_GROUP, UPDATE_CONFIG, COMMIT_OFFSET, JOIN_GROUP, PULL,
        CREATE_ACCOUNT, WHITE_LIST }

    private final Env env;
    private final List<Address> targets;
    private final History history;
    private final long intervalMs;
    private final RandomSource random;
    private RemotingClient client;
    private long sent;
    private boolean stopped;

    FuzzIntruder(Env env, List<Address> targets, double perSecond, History history) {
        this.env = env;
        this.targets = List.copyOf(targets);
        this.history = history;
        this.intervalMs = Math.max(1, (long) (1_000 / perSecond));
        this.random = env.random();
    }

    @Override
    public void start() {
        client = new RemotingClient(env, new RequestDispatcher(env), TIMEOUT_MS);
        env.scheduler().schedule(intervalMs, this::tick);
    }

    /** Sends nothing more (the run is healing). */
    void stop() {
        stopped = true;
    }

    private void tick() {
        if (stopped) {
            return;
        }
        Address target = targets.get(random.nextInt(targets.size()));
        Signer signer = Signer.values()[random.nextInt(Signer.values().length)];
        Attack attack = Attack.values()[random.nextInt(Attack.values().length)];
        RemotingCommand request = request(attack, signer);
        sign(request, signer);
        String what = attack + " signed " + signer + " to " + target + " (" + RequestCode.describe(request.code()) + ")";
        client.invoke(target, request, TIMEOUT_MS, ResponseCallback.of(r -> history.intrusionAnswered(what,
                served(r), r.code() == ResponseCode.SYSTEM_ERROR && r.remark() != null
                        && r.remark().startsWith("AclException"), ResponseCode.describe(r.code()) + " " + r.remark()),
                f -> { }));
        env.scheduler().schedule(intervalMs, this::tick);
    }

    /** Whether the broker did what was asked: success, or a pull answered from the queue. */
    private static boolean served(RemotingCommand r) {
        return r.code() == ResponseCode.SUCCESS || r.code() == ResponseCode.PULL_NOT_FOUND
                || r.code() == ResponseCode.PULL_RETRY_IMMEDIATELY || r.code() == ResponseCode.PULL_OFFSET_MOVED;
    }

    private RemotingCommand request(Attack attack, Signer signer) {
        // APP may use the workload's topic and groups: its attacks aim at what it may not.
        boolean app = signer == Signer.APP;
        String group = app ? FuzzAcl.VICTIM_GROUP : "fuzz-clu";
        String name = FuzzAcl.INTRUDER_PREFIX + (sent++);
        return switch (attack) {
            case SEND -> RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2(
                    "intruder-pg", app ? FuzzAcl.VICTIM_TOPIC : FuzzPlan.TOPIC, "TBW102", 4, random.nextInt(2), 0,
                    env.clock().nowMs(), 0, "", 0, false, null, false, null))
                    .body((FuzzAcl.INTRUDER_BODY + name).getBytes(StandardCharsets.UTF_8));
            case CREATE_TOPIC -> RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader(name, "TBW102", 1, 1, 6, "SINGLE_TAG", 0, false));
            case DELETE_TOPIC -> RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER,
                    new DeleteTopicRequestHeader(FuzzAcl.VICTIM_TOPIC));
            case CREATE_GROUP -> RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null)
                    .body(Json.write(SubscriptionGroupConfig.defaults(name)));
            case UPDATE_CONFIG -> RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG, null)
                    .body((FuzzAcl.CONFIG_KEY + "=" + FuzzAcl.CONFIG_VALUE + "\n").getBytes(StandardCharsets.UTF_8));
            case COMMIT_OFFSET -> RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                    new UpdateConsumerOffsetRequestHeader(FuzzAcl.VICTIM_GROUP, FuzzPlan.TOPIC, 0, 1L, null));
            case JOIN_GROUP -> RemotingCommand.request(RequestCode.HEART_BEAT, null).body(Json.write(heartbeat(group)));
            case PULL -> RemotingCommand.request(RequestCode.PULL_MESSAGE, new PullMessageRequestHeader(group,
                    FuzzPlan.TOPIC, 0, 0L, 32, 2, 0L, 0L, SubscriptionData.SUB_ALL, 0L, SubscriptionData.TAG, null));
            case CREATE_ACCOUNT -> RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                    new CreateAccessConfigRequestHeader(name, "intruder-secret", null, true, "PUB|SUB", "PUB|SUB", null,
                            null));
            case WHITE_LIST -> RemotingCommand.request(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
                    new UpdateGlobalWhiteAddrsConfigRequestHeader("10.0.2.*," + FuzzAcl.INTRUDER_HOST, null));
        };
    }

    private HeartbeatData heartbeat(String group) {
        SubscriptionData topic = new SubscriptionData(false, FuzzPlan.TOPIC, SubscriptionData.SUB_ALL, Set.of(), Set.of(),
                0, SubscriptionData.TAG);
        ConsumerData consumer = new ConsumerData(group, ConsumeType.CONSUME_PASSIVELY, MessageModel.CLUSTERING,
                ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, Set.of(topic), false);
        return new HeartbeatData(FuzzAcl.INTRUDER_HOST + "@intruder", Set.of(), Set.of(consumer));
    }

    private void sign(RemotingCommand request, Signer signer) {
        switch (signer) {
            case NONE -> {
                if (request.extFields() == null) {
                    request.extFields(new LinkedHashMap<>());
                }
            }
            case UNKNOWN_KEY -> AclSigner.sign(request, new AclCredentials("intruderKey", "intruder-secret"));
            case WRONG_SECRET -> AclSigner.sign(request, new AclCredentials(FuzzAcl.APP.accessKey(), "not-the-secret"));
            case TAMPERED -> {
                AclSigner.sign(request, FuzzAcl.ADMIN);
                tamper(request);
            }
            case GUEST -> AclSigner.sign(request, FuzzAcl.GUEST);
            case APP -> AclSigner.sign(request, FuzzAcl.APP);
        }
    }

    /** Alters a signed request on its way: a field's value, or the body. */
    private void tamper(RemotingCommand request) {
        List<String> fields = new ArrayList<>(request.extFields().keySet());
        fields.removeIf(k -> k.equals(AclSigner.ACCESS_KEY) || k.equals(AclSigner.SIGNATURE));
        byte[] body = request.bodyBytes();
        if (body != null && (fields.isEmpty() || random.nextBoolean())) {
            byte[] changed = new byte[body.length + 1];
            System.arraycopy(body, 0, changed, 0, body.length);
            changed[body.length] = '\n';
            request.body(changed);
            return;
        }
        String key = fields.get(random.nextInt(fields.size()));
        request.extFields().put(key, request.extField(key) + "0");
    }

    @Override
    public void shutdown(Runnable done) {
        stopped = true;
        if (client != null) {
            client.stop();
        }
        done.run();
    }
}
