package io.petrel.acl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.petrel.common.DataVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ACL file ({@code conf/plain_acl.yml}, or one under {@code conf/acl/}) in RocketMQ 4.9's
 * format: {@code globalWhiteRemoteAddresses}, {@code accounts}, {@code dataVersion}. Parsing
 * checks everything before anything is used, so a file is taken whole or refused whole; the
 * refusal names the problem (an account by its access key, never a secret). An empty file is an
 * empty rule set, as in RocketMQ.
 */
public record AclFile(List<String> globalWhiteRemoteAddresses, Map<String, AclAccount> accounts, DataVersion dataVersion) {

    private static final YAMLMapper YAML = new YAMLMapper();

    public AclFile {
        globalWhiteRemoteAddresses = List.copyOf(globalWhiteRemoteAddresses);
        accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    public static AclFile empty() {
        return new AclFile(List.of(), Collections.emptyMap(), new DataVersion(0, 0));
    }

    /** @throws AclConfigException naming what is wrong */
    public static AclFile parse(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            // Jackson's message quotes the offending text, which may be a secret: give the place only.
            String where = e instanceof JacksonException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() : "";
            throw new AclConfigException("not valid YAML" + where);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return empty();
        }
        if (!root.isObject()) {
            throw new AclConfigException("the file must be a mapping with globalWhiteRemoteAddresses and accounts");
        }
        List<String> white = new ArrayList<>();
        for (JsonNode n : list(root, "globalWhiteRemoteAddresses")) {
            String text = scalar(n, "globalWhiteRemoteAddresses");
            AddressPattern.parse(text);
            white.add(text);
        }
        Map<String, AclAccount> accounts = new LinkedHashMap<>();
        for (JsonNode n : list(root, "accounts")) {
            AclAccount a = account(n);
            if (accounts.putIfAbsent(a.accessKey(), a) != null) {
                throw new AclConfigException("accessKey " + a.accessKey() + " appears twice");
            }
        }
        return new AclFile(white, accounts, dataVersion(root));
    }

    private static Iterable<JsonNode> list(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new AclConfigException(key + " must be a list");
        }
        return n;
    }

    private static String scalar(JsonNode n, String what) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new AclConfigException(what + " must be a single value");
        }
        return n.asText();
    }

    private static AclAccount account(JsonNode n) {
        if (!n.isObject()) {
            throw new AclConfigException("every entry of accounts must be a mapping with accessKey and secretKey");
        }
        String accessKey = scalar(n.get("accessKey"), "accessKey");
        String where = "account " + accessKey;
        JsonNode admin = n.get("admin");
        if (admin != null && !admin.isNull() && !admin.isBoolean()
                && !(admin.isTextual() && admin.asText().matches("true|false"))) {
            throw new AclConfigException(where + ": admin must be true or false");
        }
        return new AclAccount(accessKey, scalar(n.get("secretKey"), "secretKey"),
                scalar(n.get("whiteRemoteAddress"), where + " whiteRemoteAddress"),
                admin != null && admin.asBoolean(),
                permOrDeny(scalar(n.get("defaultTopicPerm"), where), where + " defaultTopicPerm"),
                permOrDeny(scalar(n.get("defaultGroupPerm"), where), where + " defaultGroupPerm"),
                resourcePerms(n.get("topicPerms"), where + " topicPerms"),
                resourcePerms(n.get("groupPerms"), where + " groupPerms"));
    }

    /** An absent default is DENY, as in RocketMQ. */
    private static byte permOrDeny(String text, String where) {
        return text == null || text.isBlank() ? Permission.DENY : Permission.parse(text, where);
    }

    static Map<String, Byte> resourcePerms(JsonNode n, String where) {
        Map<String, Byte> perms = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return perms;
        }
        if (!n.isArray()) {
            throw new AclConfigException(where + " must be a list of NAME=PERM");
        }
        for (JsonNode e : n) {
            putResourcePerm(perms, scalar(e, where), where);
        }
        return perms;
    }

    static void putResourcePerm(Map<String, Byte> perms, String entry, String where) {
        String[] parts = entry == null ? new String[0] : entry.split("=", -1);
        if (parts.length != 2 || parts[0].isBlank()) {
            throw new AclConfigException(where + ": '" + entry + "' is not NAME=PERM (for example topicA=PUB|SUB)");
        }
        perms.put(parts[0].trim(), Permission.parse(parts[1], where));
    }

    private static DataVersion dataVersion(JsonNode root) {
        JsonNode list = root.get("dataVersion");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return new DataVersion(0, 0);
        }
        JsonNode first = list.get(0);
        return new DataVersion(first.path("timestamp").asLong(0), first.path("counter").asLong(0));
    }

    /** The file's YAML as Petrel writes it back after an admin update (comments are not kept). */
    public byte[] toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("globalWhiteRemoteAddresses", globalWhiteRemoteAddresses);
        m.put("accounts", accounts.values().stream().map(AclAccount::toYamlMap).toList());
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("counter", dataVersion.counter());
        version.put("timestamp", dataVersion.timestamp());
        m.put("dataVersion", List.of(version));
        try {
            return ("# Written by Petrel's broker after an ACL admin request; edit freely, it is reloaded.\n"
                    + YAML.writeValueAsString(m).replaceFirst("^---\\s*\n", "")).getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write ACL YAML", e);
        }
    }

    public AclFile withAccount(AclAccount account, DataVersion version) {
        Map<String, AclAccount> next = new LinkedHashMap<>(accounts);
        next.put(account.accessKey(), account);
        return new AclFile(globalWhiteRemoteAddresses, next, version);
    }

    public AclFile withoutAccount(String accessKey, DataVersion version) {
        Map<String, AclAccount> next = new LinkedHashMap<>(accounts);
        next.remove(accessKey);
        return new AclFile(globalWhiteRemoteAddresses, next, version);
    }

    public AclFile withGlobalWhiteRemoteAddresses(List<String> addresses, DataVersion version) {
        addresses.forEach(AddressPattern::parse);
        return new AclFile(addresses, accounts, version);
    }
}
