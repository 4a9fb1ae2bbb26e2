package io.petrel.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.store.format.Vectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a master takes back from a slave after its own lost tail: whole records only, each at the
 * offset it claims, since it appends after them (fuzz6-127137: the first part of a record, taken
 * back, broke the log where the next record began). Records from the official store's vectors.
 */
class HaRecoveryTailTest {

    private static final byte[] LOG = Vectors.hex("store/commitlog_first_messages.hex");

    @Test
    void wholeRecordsAtTheOffsetsTheyClaimAreTaken() {
        assertThat(HaRecovery.notWholeRecords(Arrays.copyOf(LOG, 341), 0)).isNull();
        assertThat(HaRecovery.notWholeRecords(Arrays.copyOfRange(LOG, 173, 341), 173)).isNull();
    }

    @Test
    void aRecordCutShortOrAtAnotherOffsetIsRefusedNamingWhere() {
        assertThat(HaRecovery.notWholeRecords(Arrays.copyOf(LOG, 300), 0))
                .startsWith("a tail must hold whole records: the bytes at 173 are not one");
        assertThat(HaRecovery.notWholeRecords(Arrays.copyOf(LOG, 173), 4096))
                .startsWith("a tail must hold whole records: the bytes at 4096 are not one");
    }
}
