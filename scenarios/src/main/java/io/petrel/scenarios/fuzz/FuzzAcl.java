package io.petrel.scenarios.fuzz;

import io.petrel.acl.AclCredentials;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The accounts of a fuzz scenario with ACL on ({@link FuzzPlan.AclPlan}), and the marks by which the
 * final scan tells what an intruder's request would have changed had a broker taken it.
 *
 * <ul>
 *   <li>{@link #ADMIN}: the set-up driver (creates topics and groups);</li>
 *   <li>{@link #APP}: every producer and consumer, allowed PUB|SUB on the workload's two topics and
 *       SUB on its groups, nothing else (both defaults DENY);</li>
 *   <li>{@link #GUEST}: an account the intruder holds, allowed only SUB on {@link FuzzPlan#TOPIC}.</li>
 * </ul>
 * Brokers' own addresses are globally white-listed, as operators do, so that a slave may fetch its
 * master's topics and offsets: RocketMQ 4.9's slave signs nothing.
 */
final class FuzzAcl {

    static final String FILE = "/home/petrel/conf/plain_acl.yml";
    static final AclCredentials ADMIN = new AclCredentials("fuzzAdmin", "fuzz-admin-secret");
    static final AclCredentials APP = new AclCredentials("fuzzApp", "fuzz-app-secret");
    static final AclCredentials GUEST = new AclCredentials("fuzzGuest", "fuzz-guest-secret");
    /** A topic only the admin may use: the intruder tries to send to it and to delete it. */
    static final String VICTIM_TOPIC = "AclVictim";
    /** A group nobody consumes in: the intruder tries to commit offsets for it and to join it. */
    static final String VICTIM_GROUP = "AclVictimGroup";
    /** Topics, groups and access keys the intruder tries to create begin so. */
    static final String INTRUDER_PREFIX = "Intruder";
    /** The intruder's message bodies begin so. */
    static final String INTRUDER_BODY = "intruder-";
    /** The broker setting the intruder tries to change, and the value it asks for. */
    static final String CONFIG_KEY = "shortPollingTimeMills";
    static final long CONFIG_VALUE = 4_321;
    /** What the intruder asks to white-list: its own address. */
    static final String INTRUDER_HOST = "10.0.4.1";

    private FuzzAcl() {
    }

    /** The plain_acl.yml every broker (master and slave) starts with. */
    static byte[] file(List<String> groups) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("globalWhiteRemoteAddresses:\n  - 10.0.2.*\n");
        yaml.append("accounts:\n");
        account(yaml, ADMIN).append("    admin: true\n");
        account(yaml, APP).append("    admin: false\n    defaultTopicPerm: DENY\n    defaultGroupPerm: DENY\n");
        yaml.append("    topicPerms:\n      - ").append(FuzzPlan.TOPIC).append("=PUB|SUB\n      - ")
                .append(FuzzPlan.ORDER_TOPIC).append("=PUB|SUB\n");
        yaml.append("    groupPerms:\n");
        groups.forEach(g -> yaml.append("      - ").append(g).append("=SUB\n"));
        account(yaml, GUEST).append("    admin: false\n    defaultTopicPerm: DENY\n    defaultGroupPerm: DENY\n");
        yaml.append("    topicPerms:\n      - ").append(FuzzPlan.TOPIC).append("=SUB\n");
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder account(StringBuilder yaml, AclCredentials credentials) {
        return yaml.append("  - accessKey: ").append(credentials.accessKey()).append('\n')
                .append("    secretKey: ").append(credentials.secretKey()).append('\n');
    }
}
