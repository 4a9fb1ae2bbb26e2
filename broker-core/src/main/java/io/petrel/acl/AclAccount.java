package io.petrel.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account of an ACL file: its keys, the addresses it may come from without signing, whether it
 * is an admin, and its permissions per topic and per group (group permissions are kept under the
 * group's name; {@link AclRules} compares them with the group a request names). {@link #toString()}
 * leaves the secret out, so an account can be logged.
 */
public record AclAccount(String accessKey, String secretKey, String whiteRemoteAddress, boolean admin,
        byte defaultTopicPerm, byte defaultGroupPerm, Map<String, Byte> topicPerms, Map<String, Byte> groupPerms) {

    /** RocketMQ's minimum: keys longer than 6 characters. */
    static final int MIN_KEY_LENGTH = 7;

    public AclAccount {
        topicPerms = Collections.unmodifiableMap(new LinkedHashMap<>(topicPerms));
        groupPerms = Collections.unmodifiableMap(new LinkedHashMap<>(groupPerms));
        if (accessKey == null || accessKey.length() < MIN_KEY_LENGTH) {
            throw new AclConfigException("accessKey '" + (accessKey == null ? "" : accessKey)
                    + "' must be longer than 6 characters");
        }
        if (secretKey == null || secretKey.length() < MIN_KEY_LENGTH) {
            // Never echo the secret (RocketMQ 4.9 puts it in the exception message and the log).
            throw new AclConfigException("the secretKey of account " + accessKey + " must be longer than 6 characters");
        }
        AddressPattern.parse(whiteRemoteAddress);
    }

    AddressPattern whitePattern() {
        return AddressPattern.parse(whiteRemoteAddress);
    }

    /** The account as the YAML file holds it (RocketMQ's keys). */
    Map<String, Object> toYamlMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessKey", accessKey);
        m.put("secretKey", secretKey);
        if (whiteRemoteAddress != null && !whiteRemoteAddress.isEmpty()) {
            m.put("whiteRemoteAddress", whiteRemoteAddress);
        }
        m.put("admin", admin);
        m.put("defaultTopicPerm", Permission.name(defaultTopicPerm));
        m.put("defaultGroupPerm", Permission.name(defaultGroupPerm));
        m.put("topicPerms", perms(topicPerms));
        m.put("groupPerms", perms(groupPerms));
        return m;
    }

    private static List<String> perms(Map<String, Byte> perms) {
        return perms.entrySet().stream().map(e -> e.getKey() + "=" + Permission.name(e.getValue())).toList();
    }

    @Override
    public String toString() {
        return "AclAccount[accessKey=" + accessKey + ", secretKey=***, whiteRemoteAddress=" + whiteRemoteAddress
                + ", admin=" + admin + ", defaultTopicPerm=" + Permission.name(defaultTopicPerm) + ", defaultGroupPerm="
                + Permission.name(defaultGroupPerm) + ", topicPerms=" + topicPerms + ", groupPerms=" + groupPerms + "]";
    }
}
