package io.petrel.acl;

import io.petrel.remoting.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RocketMQ 4.9's request signature (AclClientRPCHook): the values of the request's ext fields,
 * sorted by field name, without {@value #SIGNATURE}, concatenated as UTF-8, followed by the body;
 * signed with HmacSHA1 under the secret key and sent Base64-encoded in the {@value #SIGNATURE}
 * field beside {@value #ACCESS_KEY}.
 *
 * <pre>
 *   content   = utf8(value(k1) + value(k2) + ...)  ++ body      (k1 &lt; k2 &lt; ..., k != "Signature")
 *   Signature = base64(HmacSHA1(utf8(secretKey), content))
 * </pre>
 *
 * The broker's side leaves out {@value #UNIQUE_KEY_QUERY} too (RocketMQ's validator does, so a
 * client that adds it after signing still passes). Field names, not values, decide the order, and
 * the values are concatenated without separators: RocketMQ's format, kept for compatibility.
 */
public final class AclSigner {

    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    private static final String ALGORITHM = "HmacSHA1";

    private AclSigner() {
    }

    /** Adds {@value #ACCESS_KEY} and {@value #SIGNATURE} to a request about to be sent. */
    public static void sign(RemotingCommand request, AclCredentials credentials) {
        request.addExtField(ACCESS_KEY, credentials.accessKey());
        request.extFields().remove(SIGNATURE);
        String signature = signature(content(request.extFields(), request.bodyBytes(), false), credentials.secretKey());
        request.addExtField(SIGNATURE, signature);
    }

    /**
     * The signed bytes of a request with these ext fields and body. {@code serverSide} also leaves
     * out {@value #UNIQUE_KEY_QUERY}, as RocketMQ's broker does.
     */
    public static byte[] content(Map<String, String> extFields, byte[] body, boolean serverSide) {
        StringBuilder text = new StringBuilder();
        if (extFields != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(extFields).entrySet()) {
                if (SIGNATURE.equals(e.getKey()) || (serverSide && UNIQUE_KEY_QUERY.equals(e.getKey()))) {
                    continue;
                }
                text.append(e.getValue());
            }
        }
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = body == null ? new byte[0] : body;
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** Base64 of HmacSHA1(secretKey, content). */
    public static String signature(byte[] content, String secretKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            // Every JDK ships HmacSHA1; a key is only refused when empty, which accounts never are.
            throw new IllegalStateException("HmacSHA1 unavailable: " + e.getMessage(), e);
        }
    }

    /** Compares in time independent of where the two differ, so a wrong guess teaches nothing. */
    static boolean matches(String expected, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
