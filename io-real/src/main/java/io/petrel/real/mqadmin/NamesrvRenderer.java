package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import io.petrel.admin.PeerResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints getNamesrvConfig, updateNamesrvConfig and updateOrderConf with RocketMQ's lines. */
final class NamesrvRenderer {

    private NamesrvRenderer() {
    }

    /**
     * One section per NameServer, headed by its address, with RocketMQ's {@code key = value}
     * columns. RocketMQ prints its Properties in hash order; Petrel sorts the keys. A NameServer
     * that could not be read gets its section with the reason instead of keys.
     */
    static void configs(List<PeerResult<Map<String, String>>> namesrvs, PrintStream out) {
        for (PeerResult<Map<String, String>> ns : namesrvs) {
            out.print(f("============%s============%n", ns.peer()));
            if (ns.isOk()) {
                ns.value().forEach((k, v) -> out.print(f("%-50s=  %s%n", k, v)));
            } else {
                out.print(f("NameServer[%s] config could not be read: %s%n", ns.peer(), ns.error().getMessage()));
            }
        }
    }

    /** RocketMQ's line, ended with a newline where RocketMQ leaves the shell prompt on it. */
    static void orderConfRead(String topic, String orderConf, PrintStream out) {
        out.print(f("get orderConf success. topic=[%s], orderConf=[%s]%n", topic, orderConf));
    }

    /**
     * updateNamesrvConfig: a line per NameServer that refused or could not be reached, else
     * RocketMQ's success lines, which show the -n list when one was given ({@code given} null: none).
     */
    static void configUpdated(List<String> given, String key, String value, List<PeerResult<Void>> namesrvs, PrintStream out) {
        boolean allOk = true;
        for (PeerResult<Void> ns : namesrvs) {
            if (!ns.isOk()) {
                allOk = false;
                out.print(f("update name server config in name server[%s] failed: %s%n", ns.peer(), ns.error().getMessage()));
            }
        }
        if (allOk) {
            out.print(f("update name server config success!%s%n%s : %s%n", given == null ? "" : given, key, value));
        }
    }
}
