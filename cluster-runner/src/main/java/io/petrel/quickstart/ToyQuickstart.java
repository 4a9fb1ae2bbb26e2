package io.petrel.quickstart;

import io.petrel.env.Address;
import io.petrel.real.RealNode;
import io.petrel.real.RealNodeSpec;
import io.petrel.real.RealRuntime;
import io.petrel.toy.ToyReader;
import io.petrel.toy.ToyRecordFormat;
import io.petrel.toy.ToyServer;
import io.petrel.toy.ToyWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first quickstart: the toy append log on the real runtime, in one process on loopback. A
 * writer appends records (each acknowledged only after a disk force), a reader reads them back.
 * Exit code 0 when every acknowledged record was read back intact.
 */
public final class ToyQuickstart {

    private ToyQuickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("petrel-quickstart");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Address server = new Address("127.0.0.1", port);
        int records = 5;
        AtomicReference<ToyWriter> writer = new AtomicReference<>();
        AtomicReference<ToyReader> reader = new AtomicReference<>();
        boolean ok;
        try (RealRuntime runtime = RealRuntime.create()) {
            runtime.start(RealNodeSpec.withOsSeed("server", dir),
                    env -> new ToyServer(env, server, dir.resolve("log").toString(), 1L << 20));
            System.out.println("started a toy log server on " + server + " (store " + dir + ")");
            RealNode writerNode = runtime.start(RealNodeSpec.withOsSeed("writer", dir), env -> {
                writer.set(new ToyWriter(env, server, 1, records, 4, 10, (w, seq, offset) -> System.out.println(
                        "sent record " + seq + ": acknowledged at offset " + offset + " after a disk force")));
                return writer.get();
            });
            waitFor(() -> writerNode.onLoop(() -> writer.get().finished(), 5_000), "the writer's acknowledgements");
            RealNode readerNode = runtime.start(RealNodeSpec.withOsSeed("reader", dir), env -> {
                reader.set(new ToyReader(env, server));
                return reader.get();
            });
            waitFor(() -> readerNode.onLoop(() -> reader.get().finished(), 5_000), "the reader");
            ok = readerNode.onLoop(() -> {
                long intact = 0;
                for (ToyRecordFormat.Entry e : reader.get().entries()) {
                    boolean good = java.util.Arrays.equals(e.payload(), ToyRecordFormat.payloadFor(e.writer(), e.sequence()));
                    System.out.println("consumed record " + e.sequence() + " at offset " + e.offset()
                            + (good ? " (intact)" : " (CORRUPT)"));
                    intact += good ? 1 : 0;
                }
                return intact >= records;
            }, 5_000);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + dir + ": " + e.getMessage());
            }
        }
        System.out.println(ok ? "quickstart ok: every record sent was consumed intact" : "quickstart FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static void waitFor(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
