package io.petrel.acl;

/**
 * An access key and its secret, as a client signs with them (RocketMQ's SessionCredentials). The
 * secret never leaves this record in text: {@link #toString()} shows the access key only.
 */
public record AclCredentials(String accessKey, String secretKey) {

    public AclCredentials {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("an access key and a secret key are both required");
        }
    }

    @Override
    public String toString() {
        return "AclCredentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
