package io.petrel.scenarios.fuzz;

import java.util.Locale;

/**
 * The faults a fuzz scenario can inject, each with the category the campaign reports it under.
 * Every fault is healed at the latest when the safety phase ends.
 */
public enum FaultType {
    PARTITION_BLACKHOLE("network", "two nodes cannot reach each other; frames vanish"),
    PARTITION_RESET("network", "two nodes cannot reach each other; connections are reset and refused"),
    ONE_WAY_PARTITION("network", "frames from one node to another vanish; the other way works"),
    ISOLATE_ONE("network", "one node cut off from every other"),
    HALVES("network", "the cluster split into two random halves"),
    BRIDGE("network", "two halves that only one bridge node can talk to both of"),
    CLOG("network", "frames between two nodes held back until the heal, none lost"),
    CONNECTION_RESETS("network", "connections between random pairs reset at once"),
    CRASH("process", "a NameServer or broker killed, restarted later"),
    PAUSE("process", "a node frozen for a while (GC pause, SIGSTOP)"),
    GRACEFUL_SHUTDOWN("process", "a NameServer or broker shut down cleanly, started later"),
    RESTART("process", "a NameServer or broker killed and restarted at once"),
    POWER_LOSS("disk", "a broker's machine loses power: unforced pages lost or torn"),
    FAILED_FORCE("disk", "the next forces of a broker's disk fail"),
    SLOW_FORCE("disk", "a broker's forces take much longer for a while"),
    DISK_FULL("disk", "a broker's disk has almost no space for a while"),
    READ_ERROR("disk", "some reads of a broker's disk fail for a while"),
    WRITE_ERROR("disk", "some writes to a broker's disk fail for a while"),
    BIT_FLIP("disk", "one bit of a broker's files flipped (media corruption)"),
    CLOCK_SKEW("clock", "a node's wall clock jumps ahead or behind for a while"),
    CLOCK_DRIFT("clock", "a node's wall clock runs fast or slow for a while"),
    CLOCK_STEP_BACK("clock", "a node's wall clock stepped back once"),
    CLIENT_CRASH("client", "a producer or consumer process killed, restarted later");

    private final String category;
    private final String description;

    FaultType(String category, String description) {
        this.category = category;
        this.description = description;
    }

    public String category() {
        return category;
    }

    public String description() {
        return description;
    }

    /** The kebab-case name used in histories and reports, e.g. {@code power-loss}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
