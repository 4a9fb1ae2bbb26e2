package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.acl.AclCredentials;
import io.petrel.acl.AclRules;
import io.petrel.acl.AclSigner;
import io.petrel.acl.AclFile;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.AclUtils;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.junit.jupiter.api.Test;

/**
 * Golden: Petrel's signer and the official 4.9.8 {@code AclClientRPCHook} produce the same ext
 * fields and the same Signature for the same request, and each side's signature verifies under
 * the other side's content rule.
 */
class AclSignatureGoldenTest {

    private static final String AK = "RocketMQ";
    private static final String SK = "12345678";
    private static final byte[] BODY = "héllo, wörld ✓".getBytes(StandardCharsets.UTF_8);

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand officialSend() {
        org.apache.rocketmq.common.protocol.header.SendMessageRequestHeaderV2 h =
                new org.apache.rocketmq.common.protocol.header.SendMessageRequestHeaderV2();
        h.setA("PG");
        h.setB("Orders");
        h.setC("TBW102");
        h.setD(4);
        h.setE(3);
        h.setF(0);
        h.setG(1_700_000_000_123L);
        h.setH(0);
        h.setI("TAGS\u0001Tä\u0002KEYS\u0001k1\u0002");
        h.setJ(0);
        h.setK(false);
        h.setM(false);
        h.setBname("broker-a");
        org.apache.rocketmq.remoting.protocol.RemotingCommand c = org.apache.rocketmq.remoting.protocol.RemotingCommand
                .createRequestCommand(org.apache.rocketmq.common.protocol.RequestCode.SEND_MESSAGE_V2, h);
        c.setBody(BODY);
        return c;
    }

    private static RemotingCommand petrelSend() {
        RemotingCommand c = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2("PG", "Orders",
                "TBW102", 4, 3, 0, 1_700_000_000_123L, 0, "TAGS\u0001Tä\u0002KEYS\u0001k1\u0002", 0, false, null, false, null))
                .body(BODY);
        // The official 4.9.8 header carries the broker name as "bname" (RpcRequestHeader), as its client sends it.
        c.addExtField("bname", "broker-a");
        return c;
    }

    @Test
    void petrelSignsASendExactlyAsTheOfficialHook() {
        org.apache.rocketmq.remoting.protocol.RemotingCommand official = officialSend();
        new AclClientRPCHook(new SessionCredentials(AK, SK)).doBeforeRequest("127.0.0.1:10911", official);
        RemotingCommand petrel = petrelSend();
        AclSigner.sign(petrel, new AclCredentials(AK, SK));

        assertThat(new TreeMap<>(petrel.extFields())).isEqualTo(new TreeMap<>(official.getExtFields()));
        assertThat(petrel.extField("Signature")).isEqualTo(official.getExtFields().get("Signature")).isNotBlank();
    }

    @Test
    void petrelSignsABodyOnlyRequestExactlyAsTheOfficialHook() {
        org.apache.rocketmq.remoting.protocol.RemotingCommand official = org.apache.rocketmq.remoting.protocol.RemotingCommand
                .createRequestCommand(org.apache.rocketmq.common.protocol.RequestCode.HEART_BEAT, null);
        official.setBody(BODY);
        new AclClientRPCHook(new SessionCredentials(AK, SK)).doBeforeRequest("127.0.0.1:10911", official);
        RemotingCommand petrel = RemotingCommand.request(RequestCode.HEART_BEAT, null).body(BODY);
        AclSigner.sign(petrel, new AclCredentials(AK, SK));
        assertThat(petrel.extField("Signature")).isEqualTo(official.getExtFields().get("Signature"));
    }

    @Test
    void officialContentRuleVerifiesPetrelsSignatureAndPetrelsBrokerAcceptsTheOfficialOne() {
        RemotingCommand petrel = petrelSend();
        AclSigner.sign(petrel, new AclCredentials(AK, SK));
        org.apache.rocketmq.remoting.protocol.RemotingCommand asOfficial = officialSend();
        Map<String, String> ext = new TreeMap<>(petrel.extFields());
        ext.remove("Signature");
        String officialView = AclUtils.calSignature(AclUtils.combineRequestContent(asOfficial, new TreeMap<>(ext)), SK);
        assertThat(officialView).isEqualTo(petrel.extField("Signature"));

        org.apache.rocketmq.remoting.protocol.RemotingCommand official = officialSend();
        new AclClientRPCHook(new SessionCredentials(AK, SK)).doBeforeRequest("127.0.0.1:10911", official);
        AclRules rules = AclRules.of(Map.of("plain_acl.yml", AclFile.parse(("accounts:\n  - accessKey: " + AK
                + "\n    secretKey: " + SK + "\n    defaultTopicPerm: PUB\n").getBytes(StandardCharsets.UTF_8))), (k, f) -> { });
        RemotingCommand received = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, null)
                .extFields(new LinkedHashMap<>(official.getExtFields())).body(official.getBody());
        assertThat(rules.refusal("10.1.1.1", received)).isNull();
    }
}
