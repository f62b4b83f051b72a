package org.sevensteps.server;

import org.sevensteps.server.bench.BenchCommand;
import org.sevensteps.server.cli.ServeCommand;
import org.sevensteps.server.cli.TrainCommand;
import org.sevensteps.server.load.LoadTestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sevensteps} command: {@code serve} and {@code train}. Any error: one line on stderr, exit 2. */
@Command(name = "sevensteps", mixinStandardHelpOptions = true, version = "Seven Steps 0.1",
        description = "Learn how neural networks learn, by training them on MNIST.",
        subcommands = {ServeCommand.class, TrainCommand.class, LoadTestCommand.class, BenchCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 2;
        });
        if (args.length == 0) {
            cli.usage(System.out);
            return 2;
        }
        return cli.execute(args);
    }
}
