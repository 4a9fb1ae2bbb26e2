package io.petrel.config;

/**
 * What configuration defaults may depend on, read once from the machine by the io-real main (or
 * fixed by a simulation): the user's home directory, ROCKETMQ_HOME/PETREL_HOME, and this host's
 * address as RocketMQ would pick it.
 */
public record ConfigContext(String userHome, String rocketmqHome, String hostAddress) {

    /** A context for simulation and tests: nothing comes from the machine. */
    public static ConfigContext of(String userHome, String hostAddress) {
        return new ConfigContext(userHome, userHome, hostAddress);
    }
}
