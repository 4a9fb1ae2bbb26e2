package io.petrel.sim;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.env.contract.SeamHarness;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Runs the seam contract suites in simulation: waiting advances virtual time. */
final class SimSeamHarness implements SeamHarness {

    /** A node that does nothing by itself; the contract tests drive it. */
    static final class IdleNode implements Node {
        @Override
        public void start() {
        }

        @Override
        public void shutdown(Runnable done) {
            done.run();
        }
    }

    private final Simulator sim;
    private int nextHost = 1;

    SimSeamHarness(long seed) {
        this.sim = new Simulator(seed);
    }

    Simulator simulator() {
        return sim;
    }

    @Override
    public Env startNode(String name) {
        SimNode node = sim.addNode(name, "10.0.0." + nextHost++, env -> new IdleNode());
        node.start();
        sim.runUntil(() -> node.node() != null, 1_000);
        return node.env();
    }

    private SimNode nodeOf(Env env) {
        return sim.node(env.nodeName());
    }

    @Override
    public Address anyPort(Env node) {
        return new Address(nodeOf(node).host(), 0);
    }

    @Override
    public Address deadAddress(Env node) {
        return new Address(nodeOf(node).host(), 1);
    }

    @Override
    public String diskRoot(Env node) {
        return "/data";
    }

    @Override
    public void crash(Env node) {
        nodeOf(node).crash(CrashKind.PROCESS);
    }

    /** Test code between simulator steps is as good as an event on the node's loop. */
    @Override
    public <T> T onLoop(Env node, Supplier<T> action) {
        return action.get();
    }

    @Override
    public boolean isLoopThread(Env node) {
        return true;
    }

    @Override
    public void await(String what, BooleanSupplier condition, long timeoutMs) {
        if (!sim.runUntil(condition, timeoutMs)) {
            throw new AssertionError("timed out after " + timeoutMs + " simulated ms waiting for: " + what
                    + " (seed " + sim.seed() + ")");
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
