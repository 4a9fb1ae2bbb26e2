package io.petrel.namesrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.broker.BrokerFixture;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.scenarios.cluster.ProtocolDriver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UPDATE_NAMESRV_CONFIG (318) and GET_NAMESRV_CONFIG (319) in simulation: an allowed key changes
 * and is shown; black-listed, path-naming, restart-only and unknown keys are refused naming the key,
 * and a refused update changes nothing (CVE-2023-37582 wrote files through configStorePath).
 */
class NamesrvConfigSimTest {

    private BrokerFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private RemotingCommand call(RemotingCommand request) {
        return ProtocolDriver.call(f.sim(), f.driver(), f.cluster().namesrvAddresses().get(0), request);
    }

    private RemotingCommand update(String properties) {
        return call(RemotingCommand.request(RequestCode.UPDATE_NAMESRV_CONFIG, null)
                .body(properties.getBytes(StandardCharsets.UTF_8)));
    }

    private String config() {
        RemotingCommand r = call(RemotingCommand.request(RequestCode.GET_NAMESRV_CONFIG, null));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return new String(r.bodyBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void anAllowedKeyChangesAndEveryOtherKindIsRefusedNamingTheKey() {
        f = BrokerFixture.start(3181, Map.of(), "broker-a");
        assertThat(config()).contains("orderMessageEnable=false", "productEnvName=center");
        RemotingCommand ok = update("orderMessageEnable=true\nproductEnvName=blue\n");
        assertThat(ok.code()).as(ok.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(config()).contains("orderMessageEnable=true", "productEnvName=blue");

        RemotingCommand black = update("configStorePath=/tmp/evil.properties\nproductEnvName=red\n");
        assertThat(black.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(black.remark()).startsWith("Can not update config in black list.").contains("configStorePath");
        RemotingCommand kv = update("kvConfigPath=/tmp/kv.json\n");
        assertThat(kv.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(kv.remark()).contains("kvConfigPath");
        RemotingCommand restart = update("listenPort=9999\n");
        assertThat(restart.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(restart.remark()).contains("listenPort", "needs a restart", "orderMessageEnable");
        RemotingCommand unknown = update("productEnvName=red\nnoSuchKey=1\n");
        assertThat(unknown.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(unknown.remark()).contains("noSuchKey");
        RemotingCommand bad = update("orderMessageEnable=maybe\n");
        assertThat(bad.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(bad.remark()).contains("orderMessageEnable");
        assertThat(config()).as("no refused update changed anything")
                .contains("orderMessageEnable=true", "productEnvName=blue").doesNotContain("evil", "9999");
        assertThat(update("").code()).as("an empty body changes nothing, as in 4.9.8").isEqualTo(ResponseCode.SUCCESS);
    }
}
