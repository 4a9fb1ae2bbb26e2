package io.petrel.real.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.petrel.admin.AdminException;
import io.petrel.admin.Promise;
import io.petrel.env.Address;
import io.petrel.real.PetrelThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocking facade: failures come back as the client's errors, waits are bounded, and closing leaves no thread. */
class BlockingAdminTest {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableNameServerIsNamedAndClosingLeavesNoThread() throws IOException {
        Address nowhere = new Address("127.0.0.1", freePort());
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(nowhere), 1_000, 10_000, dir)) {
            assertThatThrownBy(() -> admin.call(a -> a.namesrv().allTopics())).isInstanceOfSatisfying(AdminException.class,
                    e -> {
                        assertThat(e.kind()).isEqualTo(AdminException.Kind.NAMESRV_UNREACHABLE);
                        assertThat(e.getMessage()).startsWith("no NameServer reachable at " + nowhere);
                    });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> PetrelThreads.alive().isEmpty());
    }

    @Test
    void anOperationThatNeverSettlesTimesOutAtTheBound() {
        try (BlockingAdmin admin = BlockingAdmin.start(List.of(), 1_000, 200, dir)) {
            assertThatThrownBy(() -> admin.call(a -> Promise.<String>pending())).isInstanceOfSatisfying(AdminException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("the operation did not finish within 200 ms"));
            assertThatThrownBy(() -> admin.call(a -> a.namesrv().clusterInfo())).isInstanceOfSatisfying(AdminException.class,
                    e -> assertThat(e.kind()).isEqualTo(AdminException.Kind.NO_NAMESRV_ADDRESS));
        }
    }
}
