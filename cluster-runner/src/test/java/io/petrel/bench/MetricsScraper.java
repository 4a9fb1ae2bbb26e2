package io.petrel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a broker's Prometheus endpoint ({@code GET /metrics}) every {@link #INTERVAL}, as a
 * Prometheus server with the usual 15 s interval would, for {@code bin/bench compare --sides
 * petrel,petrel-metrics}. A scrape that fails or answers anything but 200 with metric families is
 * kept, and {@link #check()} throws it, so a run never counts as "with metrics" when nobody could
 * read them.
 */
final class MetricsScraper implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Duration FIRST_SCRAPE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String broker;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-scraper");
        t.setDaemon(true);
        return t;
    });
    private volatile String failure;
    private volatile long scrapes;

    private MetricsScraper(int port, String broker) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        this.broker = broker;
    }

    /** Waits (at most 30 s) for a first good scrape of {@code port}, then scrapes every {@link #INTERVAL}. */
    static MetricsScraper start(int port, String broker) throws Exception {
        MetricsScraper scraper = new MetricsScraper(port, broker);
        long deadline = System.nanoTime() + FIRST_SCRAPE_TIMEOUT.toNanos();
        String last = scraper.scrapeOnce();
        while (last != null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = scraper.scrapeOnce();
        }
        if (last != null) {
            scraper.close();
            throw new IllegalStateException(broker + " served no metrics at " + scraper.uri + " within "
                    + FIRST_SCRAPE_TIMEOUT.toSeconds() + " s: " + last);
        }
        scraper.timer.scheduleAtFixedRate(scraper::scrape, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return scraper;
    }

    private void scrape() {
        String problem = scrapeOnce();
        if (problem != null && failure == null) {
            failure = problem;
        }
    }

    /** One scrape; null when it answered 200 with metric families, else what went wrong. */
    private String scrapeOnce() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().contains("# TYPE ")) {
                return "status " + r.statusCode() + ", " + r.body().length() + " characters without a metric family";
            }
            scrapes++;
            return null;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Throws the first failed scrape since the start, naming the broker. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("a metrics scrape of " + broker + " at " + uri + " failed: " + failure);
        }
    }

    long scrapes() {
        return scrapes;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
