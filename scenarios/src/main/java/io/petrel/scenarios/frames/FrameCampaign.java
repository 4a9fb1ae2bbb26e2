package io.petrel.scenarios.frames;

import io.petrel.common.Sabotage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/fuzz --frames N}: N fuzzed frames against each node kind asked for, cut into runs of at
 * most {@link #FRAMES_PER_RUN} frames (seeds S, S+1, ...; each run restarts its node twice at its
 * end), on several threads. Prints each run's summary and every violation with the seed that
 * reproduces it, then the totals. Returns whether every run was clean.
 */
public final class FrameCampaign {

    public static final long FRAMES_PER_RUN = 100_000;

    private FrameCampaign() {
    }

    public static boolean run(List<FrameTarget> targets, long frames, long firstSeed, int threads, PrintStream out,
            PrintStream err) throws InterruptedException {
        boolean clean = true;
        for (FrameTarget target : targets) {
            clean &= runTarget(target, frames, firstSeed, threads, out, err);
        }
        return clean;
    }

    private static boolean runTarget(FrameTarget target, long frames, long firstSeed, int threads, PrintStream out,
            PrintStream err) throws InterruptedException {
        long runs = (frames + FRAMES_PER_RUN - 1) / FRAMES_PER_RUN;
        List<FrameFuzzResult> results = Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                long i;
                while ((i = next.getAndIncrement()) < runs) {
                    long n = Math.min(FRAMES_PER_RUN, frames - i * FRAMES_PER_RUN);
                    FrameFuzzResult r = runOne(target, firstSeed + i, n, Sabotage.none());
                    results.add(r);
                    err.println("[frames] " + r.summary());
                    r.violations().forEach(v -> err.println("[frames]   " + v + " (seed " + r.seed() + ")"));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(7, TimeUnit.DAYS);
        double wall = (System.nanoTime() - start) / 1e9;
        return summarize(target, results, wall, out);
    }

    /** One run of {@code frames} fuzzed frames against {@code target}. */
    public static FrameFuzzResult runOne(FrameTarget target, long seed, long frames, Set<Sabotage> sabotage) {
        return target == FrameTarget.CLIENT ? new ClientFrameFuzzRun(seed, frames, sabotage).run()
                : new FrameFuzzRun(target, seed, frames, sabotage).run();
    }

    private static boolean summarize(FrameTarget target, List<FrameFuzzResult> results, double wall, PrintStream out) {
        long sent = results.stream().mapToLong(FrameFuzzResult::frames).sum();
        long refused = results.stream().mapToLong(FrameFuzzResult::refused).sum();
        long answered = results.stream().mapToLong(FrameFuzzResult::answered).sum();
        long closed = results.stream().mapToLong(FrameFuzzResult::closed).sum();
        long restarts = results.stream().mapToLong(FrameFuzzResult::restarts).sum();
        long acked = results.stream().mapToLong(FrameFuzzResult::ackedMessages).sum();
        List<String> violations = new ArrayList<>();
        results.forEach(r -> r.violations().forEach(v -> violations.add("seed " + r.seed() + ": " + v)));
        out.printf(Locale.ROOT, "%s: %d frames in %d runs, %.0f s wall, %.0f frames/s; %d answered, %d refused,"
                + " %d connections closed by the node; %d %s after %d restarts"
                + " (clean stop and kill -9 per run); %d violations%n", target.name().toLowerCase(Locale.ROOT), sent,
                results.size(), wall, sent / Math.max(1e-9, wall), answered, refused, closed, acked,
                FrameFuzzResult.keptWhat(target), restarts,
                violations.size());
        violations.forEach(v -> out.println("  " + v));
        return violations.isEmpty();
    }
}
