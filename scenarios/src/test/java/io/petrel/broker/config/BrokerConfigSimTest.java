package io.petrel.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.common.DataVersion;
import io.petrel.common.Json;
import io.petrel.common.TopicRouteData;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetBrokerConfigResponseHeader;
import io.petrel.remoting.header.NamesrvHeaders.GetRouteInfoRequestHeader;
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET_BROKER_CONFIG and UPDATE_BROKER_CONFIG in simulation: every key is listed, keys safe at
 * runtime change (brokerPermission re-registers the routes), and black-listed, path, unknown or
 * malformed updates are refused with a clear code and remark and change nothing.
 */
class BrokerConfigSimTest {

    private static final String BROKER = "broker-a";

    private BrokerFixture f;

    @BeforeEach
    void setUp() {
        f = BrokerFixture.start(601, Map.of("configBlackList", "brokerConfigPath;configBlackList;slaveReadEnable"), BROKER);
        f.createTopic(BROKER, "TopicC", 4);
        f.sim().runFor(500);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private RemotingCommand getConfig() {
        return f.call(BROKER, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG, null));
    }

    private RemotingCommand update(String text) {
        return f.call(BROKER, RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG, null)
                .body(text.getBytes(StandardCharsets.UTF_8)));
    }

    private int routePerm() {
        RemotingCommand route = ProtocolDriver.call(f.sim(), f.driver(), f.cluster().namesrvAddresses().get(0),
                RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, new GetRouteInfoRequestHeader("TopicC", null)));
        return Json.read(route.bodyBytes(), TopicRouteData.class).queueDatas().get(0).perm();
    }

    @Test
    void everyKeyIsListedWithTheConfigsDataVersion() {
        RemotingCommand r = getConfig();
        String body = new String(r.bodyBytes(), StandardCharsets.UTF_8);
        assertThat(body).contains("brokerName=broker-a\n", "brokerPermission=6\n", "flushDiskType=ASYNC_FLUSH\n",
                "messageDelayLevel=1s 5s 10s", "rebalanceLockMaxLiveTime=60000\n");
        DataVersion version = Json.read(r.decodeHeader(GetBrokerConfigResponseHeader.class).version()
                .getBytes(StandardCharsets.UTF_8), DataVersion.class);
        assertThat(version.counter()).isZero();
    }

    @Test
    void brokerPermissionChangesAtRuntimeAndReRegisters() {
        assertThat(routePerm()).isEqualTo(6);
        RemotingCommand r = update("brokerPermission=4\n");
        assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
        f.sim().runFor(500);
        assertThat(routePerm()).as("read-only in the route at once").isEqualTo(4);
        assertThat(new String(getConfig().bodyBytes(), StandardCharsets.UTF_8)).contains("brokerPermission=4\n");
        assertThat(f.broker(BROKER).settings().brokerPermission()).isEqualTo(4);
        assertThat(update("autoCreateSubscriptionGroup=false").code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(f.broker(BROKER).groups().findOrCreate("FreshGroup")).as("auto-creation follows the update").isNull();
        DataVersion version = Json.read(getConfig().decodeHeader(GetBrokerConfigResponseHeader.class).version()
                .getBytes(StandardCharsets.UTF_8), DataVersion.class);
        assertThat(version.counter()).isEqualTo(2);
    }

    @Test
    void forbiddenKeysAreRefusedAndNothingChanges() {
        String before = new String(getConfig().bodyBytes(), StandardCharsets.UTF_8);

        RemotingCommand blackListed = update("brokerConfigPath=/tmp/evil.properties\n");
        assertThat(blackListed.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(blackListed.remark()).isEqualTo("Can not update config in black list.");
        assertThat(update("slaveReadEnable=true").remark()).as("the operator's configBlackList counts too")
                .isEqualTo("Can not update config in black list.");

        RemotingCommand path = update("storePathRootDir=/tmp/elsewhere\n");
        assertThat(path.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(path.remark()).startsWith("Can not update config storePathRootDir at runtime");
        RemotingCommand mixed = update("brokerPermission=2\nrocketmqHome=/tmp/x\n");
        assertThat(mixed.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        RemotingCommand restartOnly = update("flushDiskType=SYNC_FLUSH");
        assertThat(restartOnly.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(restartOnly.remark()).contains("needs a restart").contains("brokerPermission");
        RemotingCommand unknown = update("commercialBaseCount=1\nnoSuchKey=1");
        assertThat(unknown.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unknown.remark()).contains("unknown broker config key");
        RemotingCommand badValue = update("brokerPermission=9");
        assertThat(badValue.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(badValue.remark()).contains("brokerPermission");
        RemotingCommand mixedGood = update("defaultTopicQueueNums=2\nbrokerPermission=banana");
        assertThat(mixedGood.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);

        assertThat(new String(getConfig().bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(before);
        assertThat(f.broker(BROKER).settings().brokerPermission()).isEqualTo(6);
        assertThat(routePerm()).isEqualTo(6);
    }
}
