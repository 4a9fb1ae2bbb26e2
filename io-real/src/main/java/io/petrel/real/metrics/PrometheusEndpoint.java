package io.petrel.real.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.petrel.metrics.PromText;
import io.petrel.real.RealNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One node's {@code /metrics} endpoint. {@link #start} binds it (a port in use fails start-up,
 * naming the address); {@link #close} stops it and its thread. A scrape renders on the node's loop
 * through {@code render}, waiting at most {@value #RENDER_TIMEOUT_MS} ms. Thread-safe.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    static final long RENDER_TIMEOUT_MS = 10_000;

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code render} (called on {@code node}'s loop) on {@code host:port}.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static PrometheusEndpoint start(RealNode node, Supplier<String> render, String host, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            // The message names the address: a main reports the innermost cause's message.
            String problem = "cannot serve Prometheus metrics on " + host + ":" + port + " (metricsPromExporterHost,"
                    + " metricsPromExporterPort): " + e.getMessage();
            throw new UncheckedIOException(problem, new IOException(problem, null));
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "petrel-" + node.nodeName() + "-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> answer(exchange, node, render));
        server.start();
        return new PrometheusEndpoint(server, executor);
    }

    private static void answer(HttpExchange exchange, RealNode node, Supplier<String> render) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "only GET is served here\n");
                return;
            }
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "metrics are at /metrics\n");
                return;
            }
            String text;
            try {
                text = node.onLoop(render, RENDER_TIMEOUT_MS);
            } catch (RuntimeException e) {
                send(exchange, 503, "text/plain; charset=utf-8", "node " + node.nodeName()
                        + " did not render its metrics: " + e.getMessage() + "\n");
                return;
            }
            send(exchange, 200, PromText.CONTENT_TYPE, text);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
