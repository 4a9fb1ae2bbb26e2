package io.petrel.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;

/**
 * {@code conf/tools.yml}, the account mqadmin signs with (RocketMQ 4.9's format: {@code accessKey}
 * and {@code secretKey} at the top level). As in RocketMQ, a missing or empty file, or a blank
 * key, means unsigned requests.
 */
public final class ToolsFile {

    private static final YAMLMapper YAML = new YAMLMapper();

    private ToolsFile() {
    }

    /**
     * The credentials, or null when the file holds none.
     *
     * @throws AclConfigException when it is not YAML or not a mapping (the message names no secret)
     */
    public static AclCredentials parse(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new AclConfigException("not valid YAML");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw new AclConfigException("it must be a mapping with accessKey and secretKey");
        }
        String accessKey = root.path("accessKey").asText("");
        String secretKey = root.path("secretKey").asText("");
        if (accessKey.isBlank() || secretKey.isBlank()) {
            return null;
        }
        return new AclCredentials(accessKey.trim(), secretKey.trim());
    }
}
