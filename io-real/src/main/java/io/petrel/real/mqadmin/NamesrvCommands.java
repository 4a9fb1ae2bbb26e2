package io.petrel.real.mqadmin;

import io.petrel.admin.PeerResult;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** The NameServer configuration commands: getNamesrvConfig, updateOrderConf. */
final class NamesrvCommands {

    private NamesrvCommands() {
    }

    @Command(name = "getNamesrvConfig", description = "Print the configuration of every NameServer")
    static final class GetNamesrvConfig extends AdminCommand {
        @Override
        int run() {
            List<PeerResult<Map<String, String>>> configs = call(a -> a.namesrv().configs());
            NamesrvRenderer.configs(configs, out());
            return exitCode(configs);
        }
    }
}
