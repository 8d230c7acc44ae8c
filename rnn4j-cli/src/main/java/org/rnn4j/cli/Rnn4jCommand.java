package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.rnn4j.Version;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code rnn4j} command. It does nothing itself: it holds the global options and hands over to a subcommand.
 *
 * <p>Exit codes: 0 success; 1 a bad file, a bad value or a failed run, reported as one line on stderr
 * ({@code rnn4j: <message>}); 2 a usage error (unknown option, missing argument): one line, and where the help is;
 * 3 a training command wrote its model but not its log or chart ({@link LateOutputs}); 130/143 a training command
 * stopped by Ctrl-C/SIGTERM, its best weights written.
 */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = Rnn4jCommand.VersionProvider.class,
        description = "Recurrent neural networks (simple RNN, LSTM, GRU) for the JVM.",
        footer = {"", "One thread per core unless --threads says otherwise (serve: one per request;",
                "give --threads 1 on a machine whose cores are busy). With 2 or more, a",
                "recurrent layer runs parts of its batch on separate cores (oneDNN: its own",
                "threads), large products are split by rows; OpenBLAS always runs on one thread.", "",
                "Exit codes: 0 success, 1 error (one line on stderr), 2 usage error, 3 model",
                "written but its log or chart not, 130/143 stopped by Ctrl-C/SIGTERM (the best",
                "weights written).",
                "Set --debug or the environment variable RNN4J_DEBUG=1 to see stack traces."})
public final class Rnn4jCommand {
    /** The subcommands, in the order of the help. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ExamplesCommand.class, TrainLmCommand.class,
            GenerateCommand.class, EvalLmCommand.class, TrainClassifierCommand.class, ClassifyCommand.class,
            EvalClassifierCommand.class, TrainTranslatorCommand.class, TranslateCommand.class,
            EvalTranslatorCommand.class, TrainForecasterCommand.class, ForecastCommand.class,
            EvalForecasterCommand.class, PredictCommand.class, InspectCommand.class, ConvertCommand.class,
            ExportCommand.class, BenchCommand.class, TaskCommand.class, ExplainCommand.class, ServeCommand.class,
            BenchServeCommand.class);

    // Not inherited: "bench" has its own --threads, and two options of one name would clash.
    @Option(names = "--threads", paramLabel = "N",
            description = "threads for batch parts and large products (default: one per core; 1 for serve; see below)")
    Integer threads;

    // Inherited so that it may be written after the subcommand too: rnn4j predict ... --debug
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print the stack trace of an error")
    boolean debug;

    public static void main(String[] args) {
        warmUpInBackground();
        int exitCode;
        try {
            exitCode = newCommandLine(subcommandsFor(args)).execute(args);
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handler; say what to do instead of printing the JVM's trace.
            System.err.println("rnn4j: out of memory (" + e.getMessage() + "); use a smaller batch or input,"
                    + " or give Java more memory: RNN4J_JAVA_OPTS=-Xmx8g rnn4j ... (java -Xmx8g -jar rnn4j.jar ...;"
                    + " tensors live in direct memory, whose limit is -Xmx unless -XX:MaxDirectMemorySize is set)");
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /** The command line with every subcommand, and {@link #main}'s error handling; tests run this. */
    public static CommandLine newCommandLine() {
        return newCommandLine(SUBCOMMANDS);
    }

    /**
     * A command line named {@code name} with these subcommands, the global options ({@code --threads},
     * {@code --debug}) and {@link #main}'s error handling: for commands built on this one, such as rnn4j-spark's.
     */
    public static CommandLine newCommandLine(String name, List<Class<?>> subcommands) {
        CommandLine commandLine = newCommandLine(subcommands);
        commandLine.setCommandName(name);
        return commandLine;
    }

    private static CommandLine newCommandLine(List<Class<?>> subcommands) {
        Rnn4jCommand root = new Rnn4jCommand();
        CommandLine commandLine = new CommandLine(root);
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
        commandLine.addSubcommand("help", new HelpCommand());
        commandLine.setExecutionStrategy(root::applyGlobalOptionsAndRun);
        commandLine.setExecutionExceptionHandler(new ErrorReporter(root::debugEnabled));
        commandLine.setParameterExceptionHandler(new UsageErrorReporter());
        return commandLine;
    }

    /**
     * Only the subcommand that {@code args} name, when they name one: picocli builds the model of every
     * subcommand it is given by reflection, which took half a second of a one-second start for all eighteen.
     * Without a subcommand name (rnn4j --help, a typo) all are built, so that help and suggestions list them.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--threads")) {
                i++; // its value
            } else if (!arg.startsWith("-")) {
                for (Class<?> subcommand : SUBCOMMANDS) {
                    if (subcommand.getAnnotation(Command.class).name().equals(arg)) {
                        return List.of(subcommand);
                    }
                }
                return SUBCOMMANDS;
            }
        }
        return SUBCOMMANDS;
    }

    /**
     * Loads OpenBLAS's native library and Jackson's classes on another core while picocli parses the command
     * line: each takes about 0.3 s on a cold start, and most commands need both (a model file's header is JSON).
     */
    private static void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            try {
                Blas.load();
                new ObjectMapper().readTree("{\"warm\": [1, 2.5, \"up\"]}");
            } catch (Exception | LinkageError e) {
                // the command that needs them reports the failure where it happens
            }
        }, "rnn4j-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private int applyGlobalOptionsAndRun(ParseResult parseResult) {
        if (threads != null) {
            if (threads < 1) {
                throw new ParameterException(parseResult.commandSpec().commandLine(),
                        "--threads must be at least 1, got " + threads);
            }
            Parallel.setThreads(threads);
        } else {
            Parallel.setThreads(defaultThreads(parseResult));
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    /**
     * One thread per core the JVM may use, as PyTorch and ND4J do: on two idle cores train-lm made 330 steps a
     * minute against 193 on one. Except for {@code serve}, which runs several requests at once, each on its own
     * core (its own {@code --threads}), so that splitting a request's work would only make them fight.
     */
    static int defaultThreads(ParseResult parseResult) {
        boolean serving = parseResult.hasSubcommand()
                && parseResult.subcommand().commandSpec().userObject() instanceof ServeCommand;
        return serving ? 1 : Runtime.getRuntime().availableProcessors();
    }

    boolean debugEnabled() {
        return debug || "1".equals(System.getenv("RNN4J_DEBUG"));
    }

    /** Reads the version from the library, so that the jar and the model files it writes agree. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rnn4j " + Version.VERSION};
        }
    }
}
