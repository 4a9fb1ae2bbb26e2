package io.petrel.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mqadmin as a process against a broker with aclEnable=true (issue 22): Petrel's and the official
 * 4.9.8 mqadmin sign with the account in their installation's conf/tools.yml; an admin account may
 * create topics, a user account and a missing tools.yml are refused naming why; Petrel's ACL
 * commands (updateAclConfig, clusterAclConfigVersion, updateGlobalWhiteAddr, deleteAclConfig) edit
 * the broker's plain_acl.yml and never print a secret; the store clean-ups (306, 316) need an admin account.
 */
@Tag("official-client")
class AclMqadminProcessTest {

    private static final String BROKER = "broker-a";

    @TempDir
    static Path dir;

    private static RealCluster cluster;
    private static String addr;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/plain_acl.yml"), AclCompatibilityTest.RULES);
        cluster = new RealCluster(dir).addBroker(BROKER, Map.of("aclEnable", "true", "autoCreateTopicEnable", "false"));
        addr = cluster.brokerAddr(BROKER);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** An installation directory whose conf/tools.yml holds {@code toolsYml} (null: no file). */
    private static Path home(String name, String toolsYml) throws Exception {
        Path home = Files.createDirectories(dir.resolve("homes").resolve(name).resolve("conf")).getParent();
        if (toolsYml != null) {
            Files.writeString(home.resolve("conf/tools.yml"), toolsYml);
        }
        return home;
    }

    private static PetrelMqadmin petrel(String name, String toolsYml) throws Exception {
        Path home = home(name, toolsYml);
        return new PetrelMqadmin(Files.createDirectories(home.resolve("work")), home);
    }

    @Test
    void petrelsMqadminSignsWithToolsYml() throws Exception {
        String ns = cluster.namesrvAddr();
        PetrelMqadmin admin = petrel("petrel-admin", "accessKey: adminKey\nsecretKey: admin-secret-1\n");
        assertThat(admin.ok("updateTopic", "-b", addr, "-n", ns, "-t", "AclViaTools")).contains("success");

        PetrelMqadmin.Run byUser = petrel("petrel-user", "accessKey: userKey\nsecretKey: user-secret-1\n")
                .run("updateTopic", "-b", addr, "-n", ns, "-t", "AclByUser");
        assertThat(byUser.exitCode()).isNotZero();
        assertThat(byUser.out() + byUser.err()).contains("Need admin permission for request code=17");

        PetrelMqadmin.Run unsigned = petrel("petrel-none", null).run("updateTopic", "-b", addr, "-n", ns, "-t", "AclNone");
        assertThat(unsigned.out() + unsigned.err()).contains("No accessKey is configured");
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.topics().contains("AclByUser") || b.topics().contains("AclNone")))
                .isFalse();
    }

    @Test
    void petrelsAclCommandsEditTheBrokersAccounts() throws Exception {
        String ns = cluster.namesrvAddr();
        PetrelMqadmin admin = petrel("petrel-acl", "accessKey: adminKey\nsecretKey: admin-secret-1\n");

        String updated = admin.ok("updateAclConfig", "-b", addr, "-n", ns, "-a", "opsKey01", "-s", "ops-secret-01",
                "-t", "AclOrders=PUB,AclSecret=DENY", "-u", "SUB");
        assertThat(updated).contains("create or update plain access config to " + addr + " success.")
                .contains("accessKey=opsKey01").doesNotContain("ops-secret-01");
        assertThat(Files.readString(dir.resolve("conf/plain_acl.yml"))).contains("opsKey01", "AclSecret=DENY");

        String versions = admin.ok("clusterAclConfigVersion", "-c", "DefaultCluster", "-n", ns);
        assertThat(versions).contains("#AclFilePath", "#AclConfigVersionNum", dir.resolve("conf/plain_acl.yml").toString())
                .contains("get cluster's plain access config version success.");

        assertThat(admin.ok("updateGlobalWhiteAddr", "-b", addr, "-n", ns, "-g", "10.99.0.*"))
                .contains("update global white remote addresses to " + addr + " success.");
        assertThat(Files.readString(dir.resolve("conf/plain_acl.yml"))).contains("10.99.0.*");
        admin.ok("updateGlobalWhiteAddr", "-b", addr, "-n", ns, "-g", "");

        assertThat(admin.ok("deleteAclConfig", "-b", addr, "-n", ns, "-a", "opsKey01"))
                .contains("delete plain access config account from " + addr + " success.");
        assertThat(Files.readString(dir.resolve("conf/plain_acl.yml"))).doesNotContain("opsKey01");

        PetrelMqadmin.Run byUser = petrel("petrel-acl-user", "accessKey: userKey\nsecretKey: user-secret-1\n")
                .run("updateAclConfig", "-b", addr, "-n", ns, "-a", "sneakyKey", "-s", "sneaky-secret", "-m", "true");
        assertThat(byUser.exitCode()).isNotZero();
        assertThat(byUser.out()).contains("failed: ").contains("Need admin permission for request code=50");
    }

    @Test
    @Compat(value = "mqadmin signing with conf/tools.yml against an ACL broker (updateTopic; a non-admin account refused)",
            kind = Compat.Kind.MQADMIN)
    @Compat(value = "mqadmin clusterAclConfigVersion", kind = Compat.Kind.MQADMIN)
    void theOfficialMqadminSignsWithToolsYml() throws Exception {
        String ns = cluster.namesrvAddr();
        OfficialMqadmin admin = new OfficialMqadmin(home("official-admin", "accessKey: adminKey\nsecretKey: admin-secret-1\n"));
        assertThat(admin.ok("updateTopic", "-b", addr, "-n", ns, "-t", "AclOfficial")).contains("create topic to " + addr + " success.");
        assertThat(admin.ok("clusterAclConfigVersion", "-b", addr, "-n", ns))
                .contains(dir.resolve("conf/plain_acl.yml").toString());

        OfficialMqadmin user = new OfficialMqadmin(home("official-user", "accessKey: userKey\nsecretKey: user-secret-1\n"));
        assertThat(user.run("updateTopic", "-b", addr, "-n", ns, "-t", "AclOfficialByUser").output())
                .contains("Need admin permission for request code=17");
        assertThat(cluster.<Boolean>onBroker(BROKER, b -> b.topics().contains("AclOfficialByUser"))).isFalse();
    }

    @Test
    void petrelsStoreCleanUpsNeedAnAdminAccount() throws Exception {
        String ns = cluster.namesrvAddr();
        PetrelMqadmin admin = petrel("petrel-ops-admin", "accessKey: adminKey\nsecretKey: admin-secret-1\n");
        assertThat(admin.ok("cleanUnusedTopic", "-b", addr, "-n", ns)).isEqualTo("success\n");
        assertThat(admin.ok("cleanExpiredCQ", "-c", "DefaultCluster", "-n", ns)).isEqualTo("success\n");

        PetrelMqadmin.Run byUser = petrel("petrel-ops-user", "accessKey: userKey\nsecretKey: user-secret-1\n")
                .run("cleanExpiredCQ", "-b", addr, "-n", ns);
        assertThat(byUser.exitCode()).isEqualTo(1);
        assertThat(byUser.out()).startsWith("failed on " + addr + ": ").contains("Need admin permission for request code=306")
                .endsWith("\nfalse\n");
    }
}
