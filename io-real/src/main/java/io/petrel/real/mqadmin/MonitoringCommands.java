package io.petrel.real.mqadmin;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/** startMonitoring, which Petrel refuses: see {@link StartMonitoring}. */
final class MonitoringCommands {

    private MonitoringCommands() {
    }

    /**
     * RocketMQ's startMonitoring never returns: it starts a monitoring daemon (a consumer of
     * OFFSET_MOVED_EVENT and a scan of every group's consume progress every 20 seconds) whose only
     * output is its own log file. An operator running it from mqadmin sees nothing, so rather than
     * pretend, Petrel refuses it, says why and names the commands that show the same facts.
     */
    @Command(name = "startMonitoring", description = "Start Monitoring (refused by Petrel: see its message)")
    static final class StartMonitoring extends AdminCommand {
        @Override
        int run() {
            refusal(err());
            return FAILED;
        }

        static void refusal(PrintStream err) {
            err.println("mqadmin startMonitoring: not supported by Petrel's mqadmin. RocketMQ's startMonitoring runs a "
                    + "monitoring daemon until killed (a consumer of OFFSET_MOVED_EVENT and a scan of every group's progress "
                    + "every 20 s) that writes only to its own log, so it shows an operator nothing here. Use consumerProgress "
                    + "-g GROUP for a group's backlog and consumerStatus -g GROUP for its clients, from a scheduler if needed.");
        }
    }
}
