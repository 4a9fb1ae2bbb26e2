package io.petrel.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What UPDATE_AND_CREATE_ACL_CONFIG asks for. As in RocketMQ 4.9, an update keeps what it does not
 * name: a blank secret, a null white address, blank default permissions and null permission lists
 * leave the account's current values. A new account needs a secret. {@link #toString()} hides it.
 */
public record AclAccountUpdate(String accessKey, String secretKey, String whiteRemoteAddress, boolean admin,
        String defaultTopicPerm, String defaultGroupPerm, List<String> topicPerms, List<String> groupPerms) {

    AclAccount applyTo(AclAccount current) {
        String where = "account " + accessKey;
        String secret = blank(secretKey) ? (current == null ? null : current.secretKey()) : secretKey;
        String white = whiteRemoteAddress != null ? whiteRemoteAddress : current == null ? null : current.whiteRemoteAddress();
        byte topicDefault = blank(defaultTopicPerm) ? (current == null ? Permission.DENY : current.defaultTopicPerm())
                : Permission.parse(defaultTopicPerm, where + " defaultTopicPerm");
        byte groupDefault = blank(defaultGroupPerm) ? (current == null ? Permission.DENY : current.defaultGroupPerm())
                : Permission.parse(defaultGroupPerm, where + " defaultGroupPerm");
        Map<String, Byte> topics = topicPerms != null ? perms(topicPerms, where + " topicPerms")
                : current == null ? Collections.emptyMap() : current.topicPerms();
        Map<String, Byte> groups = groupPerms != null ? perms(groupPerms, where + " groupPerms")
                : current == null ? Collections.emptyMap() : current.groupPerms();
        return new AclAccount(accessKey, secret, white, admin, topicDefault, groupDefault, topics, groups);
    }

    private static Map<String, Byte> perms(List<String> entries, String where) {
        Map<String, Byte> perms = new LinkedHashMap<>();
        for (String e : entries) {
            if (!e.isBlank()) {
                AclFile.putResourcePerm(perms, e, where);
            }
        }
        return perms;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "AclAccountUpdate[accessKey=" + accessKey + ", secretKey=***, whiteRemoteAddress=" + whiteRemoteAddress
                + ", admin=" + admin + ", defaultTopicPerm=" + defaultTopicPerm + ", defaultGroupPerm=" + defaultGroupPerm
                + ", topicPerms=" + topicPerms + ", groupPerms=" + groupPerms + "]";
    }
}
