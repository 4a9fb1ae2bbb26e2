package io.petrel.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolsFileTest {

    @Test
    void readsRocketMqsToolsYml() {
        assertThat(ToolsFile.parse("accessKey: rocketmq2\nsecretKey: 12345678\n".getBytes()))
                .isEqualTo(new AclCredentials("rocketmq2", "12345678"));
    }

    @Test
    void anEmptyFileOrABlankKeyMeansUnsigned() {
        assertThat(ToolsFile.parse(new byte[0])).isNull();
        assertThat(ToolsFile.parse("# nothing\n".getBytes())).isNull();
        assertThat(ToolsFile.parse("accessKey: rocketmq2\nsecretKey:\n".getBytes())).isNull();
    }

    @Test
    void aMalformedFileIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> ToolsFile.parse("accessKey: [rocketmq2\nsecretKey: s3cr3t-value\n".getBytes()))
                .isInstanceOf(AclConfigException.class).message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> ToolsFile.parse("- a\n- b\n".getBytes())).isInstanceOf(AclConfigException.class);
    }
}
