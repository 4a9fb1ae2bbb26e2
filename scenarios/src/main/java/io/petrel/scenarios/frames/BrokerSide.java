package io.petrel.scenarios.frames;

import io.petrel.broker.Broker;
import io.petrel.common.message.MessageId;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import io.petrel.remoting.header.SendHeaders.SendMessageResponseHeader;
import io.petrel.scenarios.cluster.SimCluster;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import io.petrel.store.file.SelectMappedBufferResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client fuzz run's well-behaved traffic to the real broker, over a {@link RawPeer}: it creates
 * the topics the client consumes, sends the FuzzA messages whose stored bytes CONSUME_MESSAGE_DIRECTLY
 * frames carry, and the messages of the never-named kept topic the client must deliver. Driven from
 * the fuzz run's thread between simulator steps.
 */
final class BrokerSide {

    private final Simulator sim;
    private final SimCluster cluster;
    private final String brokerName;
    private final SimNode peerNode;
    private final List<String> keptSent = new ArrayList<>();
    private int sendCounter;

    BrokerSide(Simulator sim, SimCluster cluster, String brokerName) {
        this.sim = sim;
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.peerNode = sim.addNode("producer-fz", "10.0.9.2", RawPeer::new);
        peerNode.start();
    }

    /** Bodies of the kept topic's messages the broker acknowledged, in order. */
    List<String> keptSent() {
        return keptSent;
    }

    void createTopic(String topic, FrameChecks checks) {
        RemotingCommand r = call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                new CreateTopicRequestHeader(topic, "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false)), checks);
        if (r != null && r.code() != ResponseCode.SUCCESS) {
            checks.add("creating topic " + topic + " was refused: " + r.code() + " " + r.remark());
        }
    }

    /** Sends one message to the kept topic, remembered once acknowledged. */
    void sendKept(FrameChecks checks) {
        String body = "kept-" + keptSent.size();
        if (send(ClientState.KEPT_GROUP, keptSent.size() % 4, body, checks) != null) {
            keptSent.add(body);
        }
    }

    /** Sends one FuzzA message and adds its stored bytes to the pools. */
    void sendFuzzA(int index, FramePools pools, FrameChecks checks) {
        String body = "fuzz-a-" + index;
        RemotingCommand r = send("FuzzA", index % 4, body, checks);
        if (r == null) {
            return;
        }
        String msgId = r.decodeHeader(SendMessageResponseHeader.class).msgId();
        long offset = MessageId.decodeMessageId(msgId).commitLogOffset();
        pools.add(new FramePools.AckedMessage(offset, msgId, "FuzzA", index % 4, body.getBytes(StandardCharsets.UTF_8),
                storedAt(offset)));
    }

    private RemotingCommand send(String topic, int queueId, String body, FrameChecks checks) {
        RemotingCommand r = call(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, new SendMessageRequestHeaderV2(
                "PG", topic, "TBW102", 4, queueId, 0, 1_700_000_000_000L, 0, "", 0, false, null, false, brokerName))
                .body(body.getBytes(StandardCharsets.UTF_8)), checks);
        if (r == null || r.code() != ResponseCode.SUCCESS) {
            checks.add("a well-formed send to " + topic + " was not acknowledged: " + (r == null ? "no answer"
                    : r.code() + " " + r.remark()));
            return null;
        }
        return r;
    }

    private byte[] storedAt(long offset) {
        SelectMappedBufferResult r = cluster.broker(brokerName).nodeAs(Broker.class).store()
                .selectOneMessageByOffset(offset);
        if (r == null) {
            return new byte[0];
        }
        byte[] b = new byte[r.size()];
        r.byteBuffer().duplicate().get(b);
        r.release();
        return b;
    }

    private RawPeer peer() {
        return peerNode.nodeAs(RawPeer.class);
    }

    private RemotingCommand call(RemotingCommand request, FrameChecks checks) {
        if (!peer().isConnected()) {
            Address to = cluster.brokerAddress(brokerName);
            peer().connect(to);
            sim.runUntil(() -> !peer().isConnecting(), 10_000);
            if (!peer().isConnected()) {
                checks.add("the broker does not accept connections (" + peer().connectFailure() + ")");
                return null;
            }
        }
        int opaque = 600_000_000 + sendCounter++;
        request.opaque(opaque);
        peer().send(RemotingCodec.encode(request));
        sim.runUntil(() -> peer().answered(opaque) || !peer().isConnected(), 30_000);
        return peer().take(opaque);
    }
}
