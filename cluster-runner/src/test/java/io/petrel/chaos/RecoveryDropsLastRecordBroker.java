package io.petrel.chaos;

import io.petrel.common.Sabotage;
import io.petrel.real.main.BrokerMain;
import java.util.Set;

/**
 * Tests only: {@code bin/mqbroker} whose store recovery drops the commit log's last record
 * ({@link Sabotage#RECOVERY_DROPS_LAST_RECORD}), started by {@code bin/runbroker.sh} in place of the
 * real main, for {@link ChaosSabotageProcessTest}.
 */
public final class RecoveryDropsLastRecordBroker {

    private RecoveryDropsLastRecordBroker() {
    }

    public static void main(String[] args) {
        BrokerMain.runWithSabotage(args, Set.of(Sabotage.RECOVERY_DROPS_LAST_RECORD));
    }
}
