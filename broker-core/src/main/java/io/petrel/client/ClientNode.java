package io.petrel.client;

import io.petrel.env.Env;
import io.petrel.env.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node that hosts one {@link ClientInstance} and the producers and consumers an application
 * builds on it: {@code application} runs at start (and at every restart after a crash, so it
 * rebuilds its clients the way a restarted process would). It listens on nothing. Graceful
 * shutdown shuts every client down in turn: consumers commit their offsets and release their
 * locks, everything unregisters from the brokers.
 */
public final class ClientNode implements Node {

    private final Env env;
    private final ClientInstance instance;
    private final Consumer<ClientNode> application;
    private final List<Producer> producers = new ArrayList<>();
    private final List<PushConsumer> pushConsumers = new ArrayList<>();
    private final List<LitePullConsumer> litePullConsumers = new ArrayList<>();

    public ClientNode(Env env, ClientConfig config, Consumer<ClientNode> application) {
        this.env = env;
        this.instance = new ClientInstance(env, config);
        this.application = application;
    }

    public Env env() {
        return env;
    }

    public ClientInstance instance() {
        return instance;
    }

    @Override
    public void start() {
        application.accept(this);
    }

    /** Creates and starts a producer. */
    public Producer startProducer(ProducerConfig config) {
        Producer producer = new Producer(instance, config);
        producer.start();
        producers.add(producer);
        return producer;
    }

    /** Creates a push consumer; the caller subscribes, registers a listener and starts it. */
    public PushConsumer pushConsumer(ConsumerConfig config) {
        PushConsumer consumer = new PushConsumer(instance, config);
        pushConsumers.add(consumer);
        return consumer;
    }

    /** Creates a lite pull consumer; the caller subscribes or assigns and starts it. */
    public LitePullConsumer litePullConsumer(LitePullConfig config) {
        LitePullConsumer consumer = new LitePullConsumer(instance, config);
        litePullConsumers.add(consumer);
        return consumer;
    }

    public List<Producer> producers() {
        return List.copyOf(producers);
    }

    public List<PushConsumer> pushConsumers() {
        return List.copyOf(pushConsumers);
    }

    public List<LitePullConsumer> litePullConsumers() {
        return List.copyOf(litePullConsumers);
    }

    @Override
    public void invariants() {
        pushConsumers.forEach(PushConsumer::invariants);
        litePullConsumers.forEach(LitePullConsumer::invariants);
    }

    @Override
    public void shutdown(Runnable done) {
        List<Consumer<Runnable>> steps = new ArrayList<>();
        pushConsumers.forEach(c -> steps.add(c::shutdown));
        litePullConsumers.forEach(c -> steps.add(c::shutdown));
        producers.forEach(p -> steps.add(p::shutdown));
        runInTurn(steps, 0, () -> {
            instance.close();
            done.run();
        });
    }

    private static void runInTurn(List<Consumer<Runnable>> steps, int index, Runnable done) {
        if (index == steps.size()) {
            done.run();
            return;
        }
        steps.get(index).accept(() -> runInTurn(steps, index + 1, done));
    }
}
