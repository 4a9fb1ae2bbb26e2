package io.petrel.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.ResponseCode;
import io.petrel.scenarios.cluster.ProtocolDriver;
import io.petrel.sim.SimDisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sends refused because the store cannot take them now, through the broker: a disk past
 * diskSpaceWarningLevelRatio, and a SYNC_FLUSH backlog of puts waiting for a force. Both answer
 * with codes the official producer retries on another broker.
 */
class BrokerFlowControlSimTest {

    private static final String BROKER = "broker-a";
    private static final String TOPIC = "Pressure";
    /**
     * Apache RocketMQ 4.9.8 DefaultMQProducer.retryResponseCodes: TOPIC_NOT_EXIST, SERVICE_NOT_AVAILABLE,
     * SYSTEM_ERROR, NO_PERMISSION, NO_BUYER_ID, NOT_IN_CURRENT_UNIT.
     */
    private static final Set<Integer> PRODUCER_RETRIES_ON = Set.of(17, 14, 1, 16, 204, 205);

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aDiskPastTheHardLimitRefusesSendsNamingTheDiskUntilSpaceReturns() {
        f = BrokerFixture.start(801, Map.of(), BROKER);
        f.createTopic(BROKER, TOPIC, 1);
        f.send(BROKER, TOPIC, 0, "before", Map.of());
        SimDisk disk = f.cluster().broker(BROKER).disk();
        disk.faults().fillerBytes((long) (disk.totalSpaceBytes() * 0.95));
        f.sim().runFor(11_000);

        RemotingCommand refused = f.call(BROKER, BrokerSimTest.sendRequest(TOPIC, 0, "refused", Map.of()));
        assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(PRODUCER_RETRIES_ON).contains(refused.code());
        assertThat(refused.remark()).contains("the broker's disk is full", "disk of /store/commitlog is 9",
                "diskSpaceWarningLevelRatio=90%");
        assertThat(f.maxOffset(BROKER, TOPIC, 0)).isEqualTo(1);

        disk.faults().fillerBytes(0);
        f.sim().runFor(11_000);
        assertThat(f.send(BROKER, TOPIC, 0, "after", Map.of()).queueOffset()).isEqualTo(1);
    }

    @Test
    void aSyncFlushWaiterBacklogPastItsBoundIsPcSynchronized() {
        f = BrokerFixture.start(802, Map.of("flushDiskType", "SYNC_FLUSH", "syncFlushTimeout", "60000"), BROKER);
        f.createTopic(BROKER, TOPIC, 1);
        f.cluster().broker(BROKER).disk().faults().slowForces(30_000);
        ProtocolDriver driver = f.driver().nodeAs(ProtocolDriver.class);
        // One more than the store's bound (CommitLogFlushService.MAX_WAITERS) of puts waiting for a force.
        int sends = 100_001;
        List<ProtocolDriver.Outcome> outcomes = new ArrayList<>(sends);
        for (int i = 0; i < sends; i++) {
            ProtocolDriver.Outcome o = new ProtocolDriver.Outcome();
            outcomes.add(o);
            driver.send(f.address(BROKER), BrokerSimTest.sendRequest(TOPIC, 0, "m" + i, Map.of()), 120_000, o);
        }
        ProtocolDriver.Outcome last = outcomes.get(sends - 1);
        assertThat(f.sim().runUntil(last::done, 20_000)).as("the last send is answered before any force ends").isTrue();
        assertThat(last.failure).isNull();
        assertThat(last.response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(PRODUCER_RETRIES_ON).contains(last.response.code());
        assertThat(last.response.remark()).isEqualTo("[PC_SYNCHRONIZED]broker busy, start flow control for a while");
        assertThat(outcomes.get(0).done()).as("the first put still waits for its force").isFalse();

        f.cluster().broker(BROKER).disk().faults().slowForces(0);
        assertThat(f.sim().runUntil(() -> outcomes.get(sends - 2).done(), 60_000)).isTrue();
        long ok = outcomes.stream().filter(o -> o.response != null && o.response.code() == ResponseCode.SUCCESS).count();
        assertThat(ok).as("every put within the bound is acknowledged once the force ends").isEqualTo(sends - 1);
        assertThat(f.maxOffset(BROKER, TOPIC, 0)).isEqualTo(sends - 1);
    }
}
