package io.petrel.acl;

/**
 * RocketMQ 4.9's permission bits: what an account holds on a topic or group ({@code DENY},
 * {@code PUB}, {@code SUB}, {@code PUB|SUB}) and what a request needs ({@code PUB} or {@code SUB}).
 */
public final class Permission {

    public static final byte DENY = 1;
    public static final byte ANY = 1 << 1;
    public static final byte PUB = 1 << 2;
    public static final byte SUB = 1 << 3;

    private Permission() {
    }

    /** Whether {@code owned} grants {@code needed}; DENY grants nothing. */
    public static boolean grants(byte owned, byte needed) {
        if ((owned & DENY) != 0) {
            return false;
        }
        if ((needed & ANY) != 0) {
            return (owned & (PUB | SUB)) != 0;
        }
        return (needed & owned) != 0;
    }

    /**
     * Parses PUB, SUB, PUB|SUB, SUB|PUB or DENY. Unlike RocketMQ, which reads anything else as DENY
     * without a word, an unknown word is refused, so a typo cannot silently lock a client out or
     * be mistaken for a grant.
     *
     * @throws AclConfigException naming the text
     */
    public static byte parse(String text, String where) {
        switch (text == null ? "" : text.trim()) {
            case "PUB":
                return PUB;
            case "SUB":
                return SUB;
            case "PUB|SUB":
            case "SUB|PUB":
                return PUB | SUB;
            case "DENY":
                return DENY;
            default:
                throw new AclConfigException(where + ": '" + text + "' is not a permission (PUB, SUB, PUB|SUB or DENY)");
        }
    }

    public static String name(byte perm) {
        if ((perm & DENY) != 0) {
            return "DENY";
        }
        if ((perm & PUB) != 0 && (perm & SUB) != 0) {
            return "PUB|SUB";
        }
        return (perm & PUB) != 0 ? "PUB" : (perm & SUB) != 0 ? "SUB" : "DENY";
    }
}
