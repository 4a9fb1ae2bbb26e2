package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import io.petrel.acl.AclAccountUpdate;
import io.petrel.admin.AclOperations.AclVersions;
import io.petrel.admin.PeerResult;
import io.petrel.common.DataVersion;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the ACL commands print: RocketMQ 4.9.8's lines, except that updateAclConfig never prints
 * the secret key (RocketMQ prints the whole account, secret included, to the terminal and to
 * whatever records it).
 */
final class AclRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String ROW = "%-16s  %-22s  %-22s  %-20s  %-22s  %-22s%n";

    private AclRenderer() {
    }

    static void updated(List<PeerResult<Void>> results, AclAccountUpdate update, PrintStream out) {
        for (PeerResult<Void> r : results) {
            out.print(r.isOk() ? f("create or update plain access config to %s success.%n", addr(r))
                    : f("create or update plain access config to %s failed: %s%n", addr(r), r.error().getMessage()));
        }
        out.print(f("%s%n", update));
    }

    static void deleted(List<PeerResult<Void>> results, String accessKey, PrintStream out) {
        for (PeerResult<Void> r : results) {
            out.print(r.isOk() ? f("delete plain access config account from %s success.%n", addr(r))
                    : f("delete plain access config account from %s failed: %s%n", addr(r), r.error().getMessage()));
        }
        out.print(f("account's accesskey is:%s%n", accessKey));
    }

    static void whiteListUpdated(List<PeerResult<Void>> results, PrintStream out) {
        for (PeerResult<Void> r : results) {
            out.print(r.isOk() ? f("update global white remote addresses to %s success.%n", addr(r))
                    : f("update global white remote addresses to %s failed: %s%n", addr(r), r.error().getMessage()));
        }
    }

    static void versions(List<PeerResult<AclVersions>> results, boolean cluster, ZoneId zone, PrintStream out,
            PrintStream err) {
        out.print(f(ROW, "#Cluster Name", "#Broker Name", "#Broker Addr", "#AclFilePath", "#AclConfigVersionNum",
                "#AclLastUpdateTime"));
        for (PeerResult<AclVersions> r : results) {
            if (!r.isOk()) {
                err.print(f("get plain access config version from %s failed: %s%n", addr(r), r.error().getMessage()));
                continue;
            }
            AclVersions v = r.value();
            for (Map.Entry<String, DataVersion> e : v.files().entrySet()) {
                out.print(f(ROW, v.clusterName(), v.brokerName(), v.brokerAddr(), e.getKey(),
                        String.valueOf(e.getValue().counter()),
                        TIME.format(Instant.ofEpochMilli(e.getValue().timestamp()).atZone(zone))));
            }
        }
        out.print(cluster ? f("get cluster's plain access config version success.%n")
                : f("get broker's plain access config version success.%n"));
    }

    private static String addr(PeerResult<?> r) {
        return r.peer().startsWith("broker ") ? r.peer().substring("broker ".length()) : r.peer();
    }
}
