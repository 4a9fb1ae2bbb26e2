package io.petrel.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.common.Json;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclRulesTest {

    static final String YAML = """
            globalWhiteRemoteAddresses:
              - 10.10.103.*
              - 192.168.0.{1,2}
            accounts:
              - accessKey: RocketMQ
                secretKey: 12345678
                whiteRemoteAddress:
                admin: false
                defaultTopicPerm: DENY
                defaultGroupPerm: SUB
                topicPerms:
                  - topicA=DENY
                  - topicB=PUB|SUB
                  - topicC=SUB
                groupPerms:
                  - groupA=DENY
                  - groupB=PUB|SUB
              - accessKey: rocketmq2
                secretKey: 12345678
                whiteRemoteAddress: 192.168.1.*
                admin: true
            """;

    static final AclCredentials USER = new AclCredentials("RocketMQ", "12345678");
    static final AclCredentials ADMIN = new AclCredentials("rocketmq2", "12345678");

    private final AclRules rules = AclRules.of(Map.of("/conf/plain_acl.yml", AclFile.parse(YAML.getBytes(StandardCharsets.UTF_8))),
            (k, f) -> { });

    static RemotingCommand send(String topic, String group) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("a", group);
        ext.put("b", topic);
        ext.put("c", "TBW102");
        ext.put("e", "0");
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, null).extFields(ext).body("hi".getBytes(StandardCharsets.UTF_8));
    }

    static RemotingCommand pull(String topic, String group) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("consumerGroup", group);
        ext.put("topic", topic);
        ext.put("queueId", "0");
        return RemotingCommand.request(RequestCode.PULL_MESSAGE, null).extFields(ext);
    }

    static RemotingCommand signed(RemotingCommand r, AclCredentials c) {
        AclSigner.sign(r, c);
        return r;
    }

    @Test
    void refusesAnUnsignedRequest() {
        assertThat(rules.refusal("10.0.0.5", send("topicB", "g"))).startsWith("No accessKey is configured");
    }

    @Test
    void refusesAnUnknownAccessKey() {
        assertThat(rules.refusal("10.0.0.5", signed(send("topicB", "g"), new AclCredentials("nobody1", "12345678"))))
                .isEqualTo("No acl config for nobody1");
    }

    @Test
    void refusesABadSignatureWithoutNamingTheSecret() {
        String refusal = rules.refusal("10.0.0.5", signed(send("topicB", "g"), new AclCredentials("RocketMQ", "87654321")));
        assertThat(refusal).isEqualTo("Check signature failed for accessKey=RocketMQ").doesNotContain("12345678");
    }

    @Test
    void refusesARequestAlteredAfterSigning() {
        RemotingCommand r = signed(send("topicB", "g"), USER);
        r.extFields().put("b", "topicC");
        assertThat(rules.refusal("10.0.0.5", r)).startsWith("Check signature failed");
        RemotingCommand body = signed(send("topicB", "g"), USER).body("other".getBytes(StandardCharsets.UTF_8));
        assertThat(rules.refusal("10.0.0.5", body)).startsWith("Check signature failed");
    }

    @Test
    void checksTopicPermissionsThenTheDefault() {
        assertThat(rules.refusal("10.0.0.5", signed(send("topicB", "groupB"), USER))).isNull();
        assertThat(rules.refusal("10.0.0.5", signed(send("topicA", "groupB"), USER)))
                .isEqualTo("No permission for topic topicA: accessKey=RocketMQ holds DENY, the request needs PUB");
        assertThat(rules.refusal("10.0.0.5", signed(send("topicC", "groupB"), USER))).contains("topic topicC");
        assertThat(rules.refusal("10.0.0.5", signed(send("other", "groupB"), USER))).contains("topic other");
    }

    @Test
    void pullNeedsSubOnTheTopicAndTheGroup() {
        assertThat(rules.refusal("10.0.0.5", signed(pull("topicC", "groupB"), USER))).isNull();
        assertThat(rules.refusal("10.0.0.5", signed(pull("topicC", "anyGroup"), USER))).isNull();
        assertThat(rules.refusal("10.0.0.5", signed(pull("topicC", "groupA"), USER))).contains("group groupA");
        assertThat(rules.refusal("10.0.0.5", signed(pull("topicA", "groupB"), USER))).contains("topic topicA");
    }

    @Test
    void sendingToARetryTopicNeedsSubOnTheGroup() {
        assertThat(rules.refusal("10.0.0.5", signed(send("%RETRY%groupB", "groupB"), USER))).isNull();
        assertThat(rules.refusal("10.0.0.5", signed(send("%RETRY%groupA", "groupA"), USER))).contains("group groupA");
    }

    @Test
    void heartbeatsNeedSubOnTheirGroupsAndTopics() {
        String body = "{\"clientID\":\"c1\",\"producerDataSet\":[],\"consumerDataSet\":[{\"groupName\":\"groupA\","
                + "\"consumeType\":\"CONSUME_PASSIVELY\",\"messageModel\":\"CLUSTERING\",\"consumeFromWhere\":"
                + "\"CONSUME_FROM_LAST_OFFSET\",\"subscriptionDataSet\":[{\"topic\":\"topicC\",\"subString\":\"*\"}],"
                + "\"unitMode\":false}]}";
        RemotingCommand hb = RemotingCommand.request(RequestCode.HEART_BEAT, null).body(body.getBytes(StandardCharsets.UTF_8));
        assertThat(rules.refusal("10.0.0.5", signed(hb, USER))).contains("group groupA");
        RemotingCommand garbled = RemotingCommand.request(RequestCode.HEART_BEAT, null).body(new byte[] {'{'});
        assertThat(rules.refusal("10.0.0.5", signed(garbled, USER))).contains("heartbeat body cannot be read");
    }

    @Test
    void adminCodesNeedAnAdminAccount() {
        for (int code : List.of(RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
                RequestCode.UPDATE_BROKER_CONFIG, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.DELETE_SUBSCRIPTIONGROUP, RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                RequestCode.DELETE_ACL_CONFIG, RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
                RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE, RequestCode.CLONE_GROUP_OFFSET, RequestCode.CLEAN_UNUSED_TOPIC,
                RequestCode.DELETE_EXPIRED_COMMITLOG)) {
            RemotingCommand user = signed(RemotingCommand.request(code, null).extFields(new LinkedHashMap<>(Map.of("topic", "t"))), USER);
            assertThat(rules.refusal("10.0.0.5", user)).as("code %d", code)
                    .startsWith("Need admin permission for request code=" + code);
            RemotingCommand admin = signed(RemotingCommand.request(code, null).extFields(new LinkedHashMap<>(Map.of("topic", "t"))), ADMIN);
            assertThat(rules.refusal("10.0.0.5", admin)).as("code %d", code).isNull();
        }
    }

    @Test
    void requestsNamingNoResourceNeedOnlyAValidSignature() {
        RemotingCommand r = signed(RemotingCommand.request(RequestCode.GET_BROKER_CONFIG, null), USER);
        assertThat(rules.refusal("10.0.0.5", r)).isNull();
    }

    @Test
    void globalWhiteAddressesPassUnsigned() {
        assertThat(rules.refusal("10.10.103.77", send("topicA", "g"))).isNull();
        assertThat(rules.refusal("192.168.0.2", send("topicA", "g"))).isNull();
        assertThat(rules.refusal("192.168.0.3", send("topicA", "g"))).startsWith("No accessKey");
    }

    @Test
    void anAccountsWhiteAddressPassesWithoutASignature() {
        RemotingCommand wrongSecret = signed(send("topicA", "g"), new AclCredentials("rocketmq2", "not-the-secret"));
        assertThat(rules.refusal("192.168.1.20", wrongSecret)).isNull();
        assertThat(rules.refusal("192.168.2.20", wrongSecret)).startsWith("Check signature failed");
    }

    @Test
    void leavesTheUniqueKeyQueryFlagOutOfTheServersContent() {
        RemotingCommand r = signed(send("topicB", "g"), USER);
        r.extFields().put("_UNIQUE_KEY_QUERY", "true");
        assertThat(rules.refusal("10.0.0.5", r)).isNull();
    }

    @Test
    void refusesBadFilesWholeNamingTheProblemButNoSecret() {
        assertThatThrownBy(() -> AclFile.parse("accounts:\n  - accessKey: RocketMQ\n    secretKey: short\n".getBytes()))
                .hasMessage("the secretKey of account RocketMQ must be longer than 6 characters");
        String account = "accounts:\n  - accessKey: RocketMQ\n    secretKey: 12345678\n";
        assertThatThrownBy(() -> AclFile.parse((account + "    defaultTopicPerm: PUB/SUB\n").getBytes()))
                .hasMessageContaining("'PUB/SUB' is not a permission");
        assertThatThrownBy(() -> AclFile.parse("globalWhiteRemoteAddresses:\n  - 300.1.1.1\n".getBytes()))
                .hasMessageContaining("'300.1.1.1' is not a white address");
        assertThatThrownBy(() -> AclFile.parse("accounts: [\n  secretKey: s3cr3t-value\n".getBytes()))
                .hasMessageStartingWith("not valid YAML").message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> AclFile.parse((account + "    topicPerms: [topicA]\n").getBytes()))
                .hasMessageContaining("'topicA' is not NAME=PERM");
        assertThat(AclFile.parse(new byte[0]).accounts()).isEmpty();
    }

    @Test
    void writesAFileItReadsBackTheSame() {
        AclFile file = AclFile.parse(YAML.getBytes(StandardCharsets.UTF_8));
        AclFile again = AclFile.parse(file.toYaml());
        assertThat(again.accounts()).isEqualTo(file.accounts());
        assertThat(again.globalWhiteRemoteAddresses()).isEqualTo(file.globalWhiteRemoteAddresses());
    }

    @Test
    void neverPrintsASecret() {
        AclFile file = AclFile.parse(YAML.getBytes(StandardCharsets.UTF_8));
        assertThat(file.toString()).doesNotContain("12345678");
        assertThat(USER.toString()).doesNotContain("12345678");
        assertThat(Json.writeString(List.of())).isEqualTo("[]");
    }
}
