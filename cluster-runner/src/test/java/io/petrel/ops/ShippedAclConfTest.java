package io.petrel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.acl.AclAccount;
import io.petrel.acl.AclCredentials;
import io.petrel.acl.AclFile;
import io.petrel.acl.ToolsFile;
import io.petrel.cluster.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * conf/plain_acl.yml and conf/tools.yml as shipped: both parse, mqadmin's account is an admin of
 * plain_acl.yml, no address passes unsigned, and every secret is a placeholder the broker warns
 * about, so nothing shipped is a usable secret.
 */
class ShippedAclConfTest {

    private static final Path CONF = TestRuns.home().resolve("conf");

    @Test
    void theShippedAclFilesAreSafeExamplesThatWorkTogether() throws Exception {
        AclFile acl = AclFile.parse(Files.readAllBytes(CONF.resolve("plain_acl.yml")));
        AclCredentials tools = ToolsFile.parse(Files.readAllBytes(CONF.resolve("tools.yml")));

        assertThat(acl.globalWhiteRemoteAddresses()).as("nothing passes unsigned as shipped").isEmpty();
        assertThat(acl.accounts().values()).allMatch(a -> a.secretKey().startsWith("CHANGE_ME"));
        AclAccount mqadmin = acl.accounts().get(tools.accessKey());
        assertThat(mqadmin).as("tools.yml's account is in plain_acl.yml").isNotNull();
        assertThat(mqadmin.admin()).isTrue();
        assertThat(mqadmin.secretKey()).isEqualTo(tools.secretKey());
        assertThat(Files.readString(CONF.resolve("plain_acl.yml"))).contains("EDIT before use");
        assertThat(Files.readString(CONF.resolve("tools.yml"))).contains("EDIT before use");
    }
}
