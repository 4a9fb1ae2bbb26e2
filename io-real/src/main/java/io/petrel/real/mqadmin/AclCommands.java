package io.petrel.real.mqadmin;

import io.petrel.acl.AclAccountUpdate;
import io.petrel.admin.AclOperations.AclVersions;
import io.petrel.admin.PeerResult;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ACL commands of RocketMQ 4.9.8's mqadmin, with its names and option letters:
 * updateAclConfig, deleteAclConfig (alias deleteAccessConfig), clusterAclConfigVersion and
 * updateGlobalWhiteAddr, each to one broker ({@code -b}) or every master of a cluster ({@code -c}).
 * Against brokers with aclEnable=true, mqadmin must sign as an admin account (conf/tools.yml).
 */
final class AclCommands {

    private AclCommands() {
    }

    @Command(name = "updateAclConfig", description = "Create or update an ACL account in the brokers' plain_acl.yml")
    static final class UpdateAclConfig extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "update the account on this broker (host:port)")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "update the account on every master of this cluster")
        String clusterName;
        @Option(names = {"-a", "--accessKey"}, required = true, description = "the account's access key")
        String accessKey;
        @Option(names = {"-s", "--secretKey"}, required = true, description = "the account's secret key")
        String secretKey;
        @Option(names = {"-w", "--whiteRemoteAddress"}, description = "addresses this account's requests pass unsigned from")
        String whiteRemoteAddress;
        @Option(names = {"-i", "--defaultTopicPerm"}, description = "permission on topics not listed: PUB, SUB, PUB|SUB, DENY")
        String defaultTopicPerm;
        @Option(names = {"-u", "--defaultGroupPerm"}, description = "permission on groups not listed: PUB, SUB, PUB|SUB, DENY")
        String defaultGroupPerm;
        @Option(names = {"-t", "--topicPerms"}, description = "topic permissions, e.g. topicA=DENY,topicD=SUB")
        String topicPerms;
        @Option(names = {"-g", "--groupPerms"}, description = "group permissions, e.g. groupA=DENY,groupD=SUB")
        String groupPerms;
        @Option(names = {"-m", "--admin"}, description = "admin account: true or false (default false)")
        String admin;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            if (accessKey.isBlank() || secretKey.isBlank()) {
                throw invalid("-a accessKey and -s secretKey must not be blank");
            }
            AclAccountUpdate update = new AclAccountUpdate(accessKey.trim(), secretKey.trim(), whiteRemoteAddress,
                    bool("-m", admin, false), defaultTopicPerm, defaultGroupPerm, split(topicPerms), split(groupPerms));
            List<PeerResult<Void>> r = call(a -> a.acl().updateAccount(trim(brokerAddr), trim(clusterName), update));
            AclRenderer.updated(r, update, out());
            return exitCode(r);
        }
    }

    @Command(name = "deleteAclConfig", aliases = "deleteAccessConfig",
            description = "Delete an ACL account from the brokers' ACL files")
    static final class DeleteAclConfig extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "delete the account from this broker")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "delete the account from every master of this cluster")
        String clusterName;
        @Option(names = {"-a", "--accessKey"}, required = true, description = "the account's access key")
        String accessKey;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            String key = accessKey.trim();
            List<PeerResult<Void>> r = call(a -> a.acl().deleteAccount(trim(brokerAddr), trim(clusterName), key));
            AclRenderer.deleted(r, key, out());
            return exitCode(r);
        }
    }

    @Command(name = "clusterAclConfigVersion", description = "List the version of every ACL file on the brokers")
    static final class ClusterAclConfigVersion extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "the ACL file versions of this broker")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "the ACL file versions of every master of this cluster")
        String clusterName;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            List<PeerResult<AclVersions>> r = call(a -> a.acl().versions(trim(brokerAddr), trim(clusterName)));
            AclRenderer.versions(r, brokerAddr == null, context().zone(), out(), err());
            return exitCode(r);
        }
    }

    @Command(name = "updateGlobalWhiteAddr", description = "Replace the global white address list of a broker's ACL file")
    static final class UpdateGlobalWhiteAddr extends AdminCommand {
        @Option(names = {"-b", "--brokerAddr"}, description = "update the white list on this broker")
        String brokerAddr;
        @Option(names = {"-c", "--clusterName"}, description = "update the white list on every master of this cluster")
        String clusterName;
        @Option(names = {"-g", "--globalWhiteRemoteAddresses"}, required = true,
                description = "the new list, e.g. 10.10.103.*,192.168.0.*; an empty string clears it")
        String addresses;
        @Option(names = {"-p", "--aclFileFullPath"}, description = "which ACL file (default: conf/plain_acl.yml)")
        String aclFileFullPath;

        @Override
        int run() {
            oneTarget(brokerAddr, clusterName);
            List<PeerResult<Void>> r = call(a -> a.acl().updateGlobalWhiteAddresses(trim(brokerAddr), trim(clusterName),
                    addresses.trim(), trim(aclFileFullPath)));
            AclRenderer.whiteListUpdated(r, out());
            return exitCode(r);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static List<String> split(String s) {
        return s == null ? null : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
