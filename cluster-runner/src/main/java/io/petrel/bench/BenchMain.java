package io.petrel.bench;

import io.petrel.bench.jmh.CodecBenchmark;
import io.petrel.bench.jmh.JmhBench;
import io.petrel.bench.jmh.MetricsBenchmark;
import io.petrel.bench.jmh.RouteLookupBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bin/bench WHAT}: runs one benchmark and prints its figures as {@code name: value} lines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a Petrel benchmark and print its figures as 'name: value' lines.")
public final class BenchMain implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHAT", description = "sim | toy | codec | route | store | metrics")
    String what;

    @Override
    public Integer call() throws Exception {
        BenchOutput out = new BenchOutput(System.out);
        switch (what) {
            case "sim" -> new SimBench(out).run();
            case "toy" -> new ToyRealBench(out).run();
            case "store" -> new StoreBench(out).run();
            case "codec" -> JmhBench.run(CodecBenchmark.class,
                    (name, value) -> out.figure("codec." + name, value));
            case "route" -> JmhBench.run(RouteLookupBenchmark.class,
                    (name, value) -> out.figure("namesrv." + name, value));
            case "metrics" -> JmhBench.run(MetricsBenchmark.class,
                    (name, value) -> out.figure("metrics." + name, value));
            default -> {
                System.err.println("bench: unknown benchmark '" + what + "'; known: sim, toy, codec, route, store, metrics");
                return 2;
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
