package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of the ACL admin requests 50–53 (RocketMQ 4.9.8's field names). */
public final class AclHeaders {

    private AclHeaders() {
    }

    /** UPDATE_AND_CREATE_ACL_CONFIG; topicPerms and groupPerms are comma-separated NAME=PERM lists. */
    public record CreateAccessConfigRequestHeader(@Required String accessKey, String secretKey,
            String whiteRemoteAddress, boolean admin, String defaultTopicPerm, String defaultGroupPerm,
            String topicPerms, String groupPerms) {

        @Override
        public String toString() {
            return "CreateAccessConfigRequestHeader[accessKey=" + accessKey + ", secretKey=***]";
        }
    }

    public record DeleteAccessConfigRequestHeader(@Required String accessKey) {
    }

    public record UpdateGlobalWhiteAddrsConfigRequestHeader(@Required String globalWhiteAddrs, String aclFileFullPath) {
    }

    public record GetBrokerAclConfigResponseHeader(@Required String version, String allAclFileVersion,
            @Required String brokerName, @Required String brokerAddr, @Required String clusterName) {
    }
}
