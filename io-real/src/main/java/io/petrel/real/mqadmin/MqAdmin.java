package io.petrel.real.mqadmin;

import static io.petrel.real.mqadmin.Formats.f;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs one mqadmin invocation and returns its exit code; only the main calls System.exit.
 *
 * <ul>
 *   <li>no arguments, or {@code help}: the command list, exit 0;</li>
 *   <li>{@code help CMD}: CMD's options, exit 0;</li>
 *   <li>an unknown command: "The sub command X not exist.", exit 2;</li>
 *   <li>a missing or malformed option, an invalid topic name: the problem and the command's
 *       options on stderr, exit 2;</li>
 *   <li>a failed operation (no NameServer reachable, topic does not exist, a broker's error):
 *       the reason on stderr, exit 1.</li>
 * </ul>
 */
public final class MqAdmin {

    private MqAdmin() {
    }

    public static int execute(String[] args, MqAdminContext context) {
        CommandLine commandLine = commandLine(context);
        Map<String, CommandLine> commands = commandLine.getSubcommands();
        if (args.length == 0 || (args.length == 1 && "help".equals(args[0]))) {
            printCommandList(commands, context.out());
            return AdminCommand.OK;
        }
        String name = "help".equals(args[0]) ? args[1] : args[0];
        CommandLine command = commands.get(name);
        if (command == null) {
            context.err().print(f("The sub command %s not exist.%n", name));
            context.err().println("Run 'mqadmin' without arguments for the list of commands.");
            return AdminCommand.USAGE;
        }
        if ("help".equals(args[0])) {
            command.usage(context.out());
            return AdminCommand.OK;
        }
        return commandLine.execute(args);
    }

    static CommandLine commandLine(MqAdminContext context) {
        CommandLine commandLine = new CommandLine(new MqAdminCommand(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            context.err().println("mqadmin " + failed.getCommandName() + ": " + ex.getMessage());
            failed.usage(context.err());
            return AdminCommand.USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parsed) -> {
            context.err().println("mqadmin " + failed.getCommandName() + ": unexpected error: " + ex);
            return AdminCommand.FAILED;
        });
        return commandLine;
    }

    private static void printCommandList(Map<String, CommandLine> commands, PrintStream out) {
        out.print(f("The most commonly used mqadmin commands are:%n"));
        commands.forEach((name, command) -> {
            String[] description = command.getCommandSpec().usageMessage().description();
            out.print(f("   %-20s %s%n", name, description.length == 0 ? "" : description[0]));
        });
        out.print(f("%nSee 'mqadmin help <command>' for more information on a specific command.%n"));
    }
}
