package io.petrel.acl;

/** An ACL file or an ACL update that cannot be accepted; the message names the problem and never a secret. */
public final class AclConfigException extends RuntimeException {

    public AclConfigException(String message) {
        super(message);
    }
}
