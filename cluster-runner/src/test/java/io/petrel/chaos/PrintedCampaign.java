package io.petrel.chaos;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A chaos campaign run by a test: its results and what it printed (echoed to the test's output). */
record PrintedCampaign(List<ChaosResult> results, String text) {

    static PrintedCampaign run(ChaosOptions options) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<ChaosResult> results;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            results = new ChaosCampaign(options, out).run();
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return new PrintedCampaign(results, text);
    }
}
