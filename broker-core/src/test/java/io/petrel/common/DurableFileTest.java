package io.petrel.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.DiskFile;
import io.petrel.store.testing.MemoryEnv;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What a DurableFile writes it reads back, whatever the length of its names and strings; a file it
 * cannot read is reported naming it; moving one aside never overwrites an earlier one.
 */
class DurableFileTest {

    record Table(Map<String, String> table) {
    }

    private final MemoryEnv memory = new MemoryEnv(1_000);
    private final DurableFile file = new DurableFile(memory.env(), "/config/table.json");

    private void writeRaw(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        DiskFile f = memory.disk().create(path, bytes.length);
        f.write(0, ByteBuffer.wrap(bytes));
        f.close();
    }

    @Test
    void namesAndStringsLongerThanJacksonsDefaultLimitsAreReadBack() {
        String longName = "k".repeat(70_000);
        String longString = "v".repeat(20_000_001);
        Map<String, String> table = new TreeMap<>(Map.of(longName, "short", "short", longString));
        file.save(Json.write(new Table(table)), null);
        memory.settle();
        assertThat(file.read(Table.class, "test").table()).isEqualTo(table);
    }

    @Test
    void anAbsentFileReadsAsNull() {
        assertThat(file.read(Table.class, "test")).isNull();
    }

    @Test
    void aFileThatIsNotItsShapeIsUnreadableNamingTheFile() {
        writeRaw("/config/table.json", "{\"table\": [1, 2");
        assertThatThrownBy(() -> file.read(Table.class, "test table"))
                .isInstanceOfSatisfying(UnreadableFileException.class, e -> {
                    assertThat(e.path()).isEqualTo("/config/table.json");
                    assertThat(e.reason()).startsWith("it is not a valid test table file: malformed Table body");
                    assertThat(e.getMessage()).startsWith("/config/table.json cannot be read: ");
                });
    }

    @Test
    void movingAsideNumbersPastEveryEarlierFileAndLeavesThePathFree() {
        writeRaw("/config/table.json.corrupt-2", "older");
        writeRaw("/config/table.json.corrupt-x", "an operator's copy");
        writeRaw("/config/table.json", "{broken");
        assertThat(file.moveAside()).isEqualTo("/config/table.json.corrupt-3");
        memory.settle();
        assertThat(memory.disk().exists("/config/table.json")).isFalse();
        assertThat(new String(memory.disk().bytes("/config/table.json.corrupt-3"), StandardCharsets.UTF_8))
                .isEqualTo("{broken");
        assertThat(new String(memory.disk().bytes("/config/table.json.corrupt-2"), StandardCharsets.UTF_8))
                .isEqualTo("older");
        writeRaw("/config/table.json", "{broken again");
        assertThat(file.moveAside()).isEqualTo("/config/table.json.corrupt-4");
    }
}
