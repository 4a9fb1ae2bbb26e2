package io.petrel.acl;

import io.petrel.common.TopicValidator;
import io.petrel.remoting.RemotingCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rules of every ACL file together, immutable: replaced whole when a file changes, so a check
 * sees one version. Decides a request in RocketMQ 4.9's order: a global white address lets it
 * through; else it must name a known access key; an address on that account's white list lets it
 * through unsigned; else the signature must match; then admin-only codes need an admin account;
 * then every topic and group it names needs the permission (the topic's or group's own entry, else
 * the account's default; an admin with no entries at all may use everything).
 */
public final class AclRules {

    private final List<AddressPattern> globalWhite;
    private final Map<String, AclAccount> accounts;
    private final Map<String, String> fileOfAccount;
    private final boolean checkSignatures;

    private AclRules(List<AddressPattern> globalWhite, Map<String, AclAccount> accounts, Map<String, String> fileOfAccount,
            boolean checkSignatures) {
        this.globalWhite = globalWhite;
        this.accounts = accounts;
        this.fileOfAccount = fileOfAccount;
        this.checkSignatures = checkSignatures;
    }

    /**
     * Combines files in the given order; an access key defined again in a later file is ignored
     * there (RocketMQ's rule) and reported to {@code duplicates}.
     */
    public static AclRules of(Map<String, AclFile> files, BiConsumer<String, String> duplicates) {
        List<AddressPattern> white = new ArrayList<>();
        Map<String, AclAccount> accounts = new LinkedHashMap<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        for (Map.Entry<String, AclFile> f : files.entrySet()) {
            f.getValue().globalWhiteRemoteAddresses().forEach(a -> white.add(AddressPattern.parse(a)));
            for (AclAccount a : f.getValue().accounts().values()) {
                if (accounts.putIfAbsent(a.accessKey(), a) == null) {
                    fileOf.put(a.accessKey(), f.getKey());
                } else {
                    duplicates.accept(a.accessKey(), f.getKey());
                }
            }
        }
        return new AclRules(List.copyOf(white), accounts, fileOf, true);
    }

    public static AclRules none() {
        return new AclRules(List.of(), Collections.emptyMap(), Collections.emptyMap(), true);
    }

    /** Sabotage.ACL_SIGNATURE_NOT_CHECKED (tests only): the same rules, taking any signature. */
    AclRules sabotageWithoutSignatureCheck() {
        return new AclRules(globalWhite, accounts, fileOfAccount, false);
    }

    /** Every account's access key. */
    public Set<String> accessKeys() {
        return Collections.unmodifiableSet(accounts.keySet());
    }

    /** Whether {@code host} is on a global white list. */
    public boolean globallyWhite(String host) {
        return globalWhite.stream().anyMatch(p -> p.matches(host));
    }

    /** The file an account is defined in, or null. */
    public String fileOf(String accessKey) {
        return fileOfAccount.get(accessKey);
    }

    public int accountCount() {
        return accounts.size();
    }

    /** Null when {@code request} from {@code host} may pass, else why not (naming no secret). */
    public String refusal(String host, RemotingCommand request) {
        for (AddressPattern p : globalWhite) {
            if (p.matches(host)) {
                return null;
            }
        }
        String accessKey = request.extField(AclSigner.ACCESS_KEY);
        if (accessKey == null) {
            return "No accessKey is configured: the request is not signed (aclEnable=true on this broker)";
        }
        AclAccount account = accounts.get(accessKey);
        if (account == null) {
            return "No acl config for " + accessKey;
        }
        if (account.whitePattern().matches(host)) {
            return null;
        }
        String expected = AclSigner.signature(AclSigner.content(request.extFields(), request.bodyBytes(), true),
                account.secretKey());
        if (checkSignatures && !AclSigner.matches(expected, request.extField(AclSigner.SIGNATURE))) {
            return "Check signature failed for accessKey=" + accessKey;
        }
        return permissionRefusal(account, request);
    }

    private static String permissionRefusal(AclAccount account, RemotingCommand request) {
        Map<String, Byte> needs;
        try {
            needs = RequiredAccess.of(request);
        } catch (AclConfigException e) {
            return e.getMessage();
        }
        if (TopicValidator.RMQ_SYS_TRACE_TOPIC.equals(firstKey(needs)) && needs.size() == 1
                && needs.get(TopicValidator.RMQ_SYS_TRACE_TOPIC) == Permission.PUB) {
            return null; // RocketMQ lets every account write message traces to the default trace topic.
        }
        if (RequiredAccess.needsAdmin(request.code()) && !account.admin()) {
            return "Need admin permission for request code=" + request.code() + ", but accessKey=" + account.accessKey()
                    + " is not";
        }
        return resourceRefusal(account, needs);
    }

    /**
     * Null when {@code request} from {@code host}, signed as its access key says, may publish to
     * {@code topic}, else why not. END_TRANSACTION names no topic (RocketMQ 4.9 checks nothing for it,
     * so any signed account could commit or roll back another producer's transaction): its half
     * message's real topic is checked here, as a send to it would be.
     */
    public String publishRefusal(String host, RemotingCommand request, String topic) {
        String refusal = refusal(host, request);
        if (refusal != null || globallyWhite(host)) {
            return refusal;
        }
        AclAccount account = accounts.get(request.extField(AclSigner.ACCESS_KEY));
        if (account.whitePattern().matches(host)) {
            return null;
        }
        Map<String, Byte> needs = new LinkedHashMap<>();
        needs.put(topic, Permission.PUB);
        return resourceRefusal(account, needs);
    }

    private static String resourceRefusal(AclAccount account, Map<String, Byte> needs) {
        if (account.admin() && account.topicPerms().isEmpty() && account.groupPerms().isEmpty()) {
            return null;
        }
        for (Map.Entry<String, Byte> need : needs.entrySet()) {
            String resource = need.getKey();
            boolean group = resource.startsWith(RequiredAccess.RETRY_PREFIX);
            String name = group ? resource.substring(RequiredAccess.RETRY_PREFIX.length()) : resource;
            Byte own = group ? account.groupPerms().get(name) : account.topicPerms().get(name);
            byte owned = own != null ? own : group ? account.defaultGroupPerm() : account.defaultTopicPerm();
            if (!Permission.grants(owned, need.getValue())) {
                return "No permission for " + (group ? "group" : "topic") + " " + name + ": accessKey="
                        + account.accessKey() + " holds " + Permission.name(owned) + ", the request needs "
                        + Permission.name(need.getValue());
            }
        }
        return null;
    }

    private static String firstKey(Map<String, Byte> m) {
        return m.isEmpty() ? null : m.keySet().iterator().next();
    }
}
