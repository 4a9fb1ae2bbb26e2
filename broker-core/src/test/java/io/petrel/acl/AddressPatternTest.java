package io.petrel.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressPatternTest {

    @Test
    void matchesRocketMqsForms() {
        assertThat(AddressPattern.parse("").matches("1.2.3.4")).isFalse();
        assertThat(AddressPattern.parse("*").matches("1.2.3.4")).isTrue();
        assertThat(AddressPattern.parse("*.*.*.*").matches("::1")).isTrue();
        assertThat(AddressPattern.parse("192.168.0.1").matches("192.168.0.1")).isTrue();
        assertThat(AddressPattern.parse("192.168.0.1").matches("192.168.0.10")).isFalse();
        assertThat(AddressPattern.parse("192.168.0.1,192.168.0.2").matches("192.168.0.2")).isTrue();
        assertThat(AddressPattern.parse("192.168.1.{1,2,3}").matches("192.168.1.3")).isTrue();
        assertThat(AddressPattern.parse("192.168.1.{1,2,3}").matches("192.168.1.4")).isFalse();
        assertThat(AddressPattern.parse("192.168.1.1-100").matches("192.168.1.100")).isTrue();
        assertThat(AddressPattern.parse("192.168.1.1-100").matches("192.168.1.101")).isFalse();
        assertThat(AddressPattern.parse("192.168.*.*").matches("192.168.7.9")).isTrue();
        assertThat(AddressPattern.parse("192.168.1-10.*").matches("192.168.11.9")).isFalse();
        assertThat(AddressPattern.parse("2001:db8::1").matches("2001:DB8:0:0:0:0:0:1")).isTrue();
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : new String[] {"192.168.1", "192.168.1.256", "a.b.c.d", "192.168.1.9-2", "1.2.3.4,1.2.3.*",
                "192.168.1.{1,x}"}) {
            assertThatThrownBy(() -> AddressPattern.parse(bad)).as(bad).isInstanceOf(AclConfigException.class);
        }
    }
}
