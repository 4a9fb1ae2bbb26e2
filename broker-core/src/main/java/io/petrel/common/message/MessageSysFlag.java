package io.petrel.common.message;

/**
 * The SYSFLAG bits of a stored message (RocketMQ's {@code MessageSysFlag}), as listed in
 * docs/protocol.md §4.2:
 * <pre>
 *   bit  0      0x001  COMPRESSED
 *   bit  1      0x002  MULTI_TAGS
 *   bits 2-3    0x00C  transaction type: 0x0 NOT, 0x4 PREPARED, 0x8 COMMIT, 0xC ROLLBACK
 *   bit  4      0x010  BORNHOST is IPv6 (20-byte host field instead of 8)
 *   bit  5      0x020  STOREHOST is IPv6
 *   bits 8-10   0x700  compression type (1 LZ4, 2 ZSTD, 3 ZLIB; 0 also means ZLIB)
 * </pre>
 */
public final class MessageSysFlag {

    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x2;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x1 << 2;
    public static final int TRANSACTION_COMMIT_TYPE = 0x2 << 2;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0x3 << 2;
    public static final int BORNHOST_V6_FLAG = 0x1 << 4;
    public static final int STOREHOSTADDRESS_V6_FLAG = 0x1 << 5;

    private MessageSysFlag() {
    }

    public static int transactionValue(int sysFlag) {
        return sysFlag & TRANSACTION_ROLLBACK_TYPE;
    }

    /** PREPARED and ROLLBACK records get queue offset 0 and no consume-queue entry. */
    public static boolean hasConsumeQueueEntry(int sysFlag) {
        int t = transactionValue(sysFlag);
        return t == TRANSACTION_NOT_TYPE || t == TRANSACTION_COMMIT_TYPE;
    }

    public static int bornHostLength(int sysFlag) {
        return (sysFlag & BORNHOST_V6_FLAG) == 0 ? 8 : 20;
    }

    public static int storeHostLength(int sysFlag) {
        return (sysFlag & STOREHOSTADDRESS_V6_FLAG) == 0 ? 8 : 20;
    }

    /** {@code sysFlag} with the IPv6 bits set to match the two hosts. */
    public static int withHostFlags(int sysFlag, HostAddress bornHost, HostAddress storeHost) {
        int flag = sysFlag & ~(BORNHOST_V6_FLAG | STOREHOSTADDRESS_V6_FLAG);
        if (bornHost.isIpv6()) {
            flag |= BORNHOST_V6_FLAG;
        }
        if (storeHost.isIpv6()) {
            flag |= STOREHOSTADDRESS_V6_FLAG;
        }
        return flag;
    }
}
