package io.petrel.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.petrel.acl.AclAccountUpdate;
import io.petrel.common.DataVersion;
import io.petrel.common.Json;
import io.petrel.env.Address;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.header.AclHeaders.CreateAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.DeleteAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.GetBrokerAclConfigResponseHeader;
import io.petrel.remoting.header.AclHeaders.UpdateGlobalWhiteAddrsConfigRequestHeader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ACL admin requests (50–53) mqadmin sends to one broker ({@code -b}) or to every master of a
 * cluster ({@code -c}): updateAclConfig, deleteAclConfig, updateGlobalWhiteAddr and
 * clusterAclConfigVersion, each reporting per broker.
 */
public final class AclOperations {

    /** One broker's ACL file versions (clusterAclConfigVersion's rows). */
    public record AclVersions(String clusterName, String brokerName, String brokerAddr, Map<String, DataVersion> files) {
    }

    private final NamesrvAdmin namesrv;
    private final AdminRpc rpc;

    AclOperations(NamesrvAdmin namesrv, AdminRpc rpc) {
        this.namesrv = namesrv;
        this.rpc = rpc;
    }

    public Promise<List<PeerResult<Void>>> updateAccount(String brokerAddr, String cluster, AclAccountUpdate u) {
        return onTargets(brokerAddr, cluster, a -> call(a, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG,
                new CreateAccessConfigRequestHeader(u.accessKey(), u.secretKey(), u.whiteRemoteAddress(), u.admin(),
                        u.defaultTopicPerm(), u.defaultGroupPerm(), join(u.topicPerms()), join(u.groupPerms())))));
    }

    public Promise<List<PeerResult<Void>>> deleteAccount(String brokerAddr, String cluster, String accessKey) {
        return onTargets(brokerAddr, cluster, a -> call(a, RemotingCommand.request(RequestCode.DELETE_ACL_CONFIG,
                new DeleteAccessConfigRequestHeader(accessKey))));
    }

    public Promise<List<PeerResult<Void>>> updateGlobalWhiteAddresses(String brokerAddr, String cluster, String addresses,
            String aclFileFullPath) {
        return onTargets(brokerAddr, cluster, a -> call(a, RemotingCommand.request(
                RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, new UpdateGlobalWhiteAddrsConfigRequestHeader(addresses,
                        aclFileFullPath))));
    }

    public Promise<List<PeerResult<AclVersions>>> versions(String brokerAddr, String cluster) {
        return onTargets(brokerAddr, cluster, a -> rpc.success(BrokerAdmin.peer(a), parse(a),
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, null), rpc.timeoutMs()).map(r -> {
                    GetBrokerAclConfigResponseHeader h = r.decodeHeader(GetBrokerAclConfigResponseHeader.class);
                    Map<String, DataVersion> files = new LinkedHashMap<>();
                    if (h.allAclFileVersion() != null) {
                        Json.read(h.allAclFileVersion().getBytes(StandardCharsets.UTF_8),
                                ObjectNode.class).fields().forEachRemaining(e ->
                                files.put(e.getKey(), new DataVersion(e.getValue().path("timestamp").asLong(),
                                        e.getValue().path("counter").asLong())));
                    }
                    return new AclVersions(h.clusterName(), h.brokerName(), h.brokerAddr(), files);
                }));
    }

    private <T> Promise<List<PeerResult<T>>> onTargets(String brokerAddr, String cluster,
            Function<String, Promise<T>> f) {
        if (brokerAddr != null) {
            return TopicOperations.onEach(List.of(brokerAddr), f);
        }
        return namesrv.clusterInfo().then(info -> TopicOperations.onEach(ClusterView.masters(info, cluster), f));
    }

    private Promise<Void> call(String address, RemotingCommand request) {
        return rpc.success(BrokerAdmin.peer(address), parse(address), request, rpc.timeoutMs()).map(r -> null);
    }

    private static Address parse(String address) {
        try {
            return Address.parse(address);
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "invalid broker address: " + e.getMessage());
        }
    }

    private static String join(List<String> items) {
        return items == null ? null : String.join(",", items);
    }
}
