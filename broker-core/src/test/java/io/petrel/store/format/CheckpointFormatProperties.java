package io.petrel.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.store.format.CheckpointFormat.Checkpoint;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The checkpoint file: whatever the store writes (any timestamps and offsets, with Petrel's
 * extension) decodes to the same values; without the extension only the timestamps come back.
 */
class CheckpointFormatProperties {

    @Property(tries = 1000)
    void everyWrittenCheckpointDecodesToItself(@ForAll long physicTimestamp, @ForAll long logicsTimestamp,
            @ForAll long indexTimestamp, @ForAll boolean hasOffsets, @ForAll long physicOffset,
            @ForAll long logicsOffset, @ForAll long indexOffset) {
        Checkpoint written = hasOffsets
                ? new Checkpoint(physicTimestamp, logicsTimestamp, indexTimestamp, true, physicOffset, logicsOffset, indexOffset)
                : new Checkpoint(physicTimestamp, logicsTimestamp, indexTimestamp, false, 0, 0, 0);
        ByteBuffer file = CheckpointFormat.encode(written);
        assertThat(file.remaining()).isEqualTo(CheckpointFormat.FILE_SIZE);
        assertThat(CheckpointFormat.decode(file)).isEqualTo(written);
    }
}
