package io.petrel.real;

import java.util.List;

/** The live threads io-real started, recognised by the {@code petrel-} name prefix they all carry. */
public final class PetrelThreads {

    private PetrelThreads() {
    }

    public static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("petrel-"))
                .sorted()
                .toList();
    }
}
