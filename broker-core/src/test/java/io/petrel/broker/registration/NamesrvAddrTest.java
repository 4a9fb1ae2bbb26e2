package io.petrel.broker.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.env.Address;
import org.junit.jupiter.api.Test;

/** RocketMQ's {@code namesrvAddr}: NameServer addresses separated by ';', as operators write them. */
class NamesrvAddrTest {

    @Test
    void splitsOnSemicolonsAndIgnoresBlanksSpacesAndATrailingSemicolon() {
        assertThat(NamesrvRegistrar.parseNamesrvAddr(" 10.0.0.1:9876 ;; 10.0.0.2:9877;  ;"))
                .containsExactly(new Address("10.0.0.1", 9876), new Address("10.0.0.2", 9877));
        assertThat(NamesrvRegistrar.parseNamesrvAddr("namesrv-1.example:9876"))
                .containsExactly(new Address("namesrv-1.example", 9876));
    }

    @Test
    void nothingToParseIsNoAddresses() {
        assertThat(NamesrvRegistrar.parseNamesrvAddr(null)).isEmpty();
        assertThat(NamesrvRegistrar.parseNamesrvAddr(" ; ")).isEmpty();
    }

    @Test
    void aBadAddressIsAnErrorNamingIt() {
        assertThatThrownBy(() -> NamesrvRegistrar.parseNamesrvAddr("10.0.0.1:9876;10.0.0.2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a host:port address: '10.0.0.2'");
        assertThatThrownBy(() -> NamesrvRegistrar.parseNamesrvAddr("10.0.0.1:port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bad port in address '10.0.0.1:port'");
        assertThatThrownBy(() -> NamesrvRegistrar.parseNamesrvAddr("10.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port out of range in address '10.0.0.1:70000'");
    }
}
