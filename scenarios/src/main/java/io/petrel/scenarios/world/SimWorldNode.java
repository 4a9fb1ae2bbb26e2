package io.petrel.scenarios.world;

import io.petrel.sim.CrashKind;
import io.petrel.sim.SimNode;

/**
 * A simulated node as a {@link WorldNode}: every fault is the simulator's (a crash keeps the page
 * cache, a power loss keeps only forced bytes and tears the rest). Two handles of one node are equal.
 */
public record SimWorldNode(SimNode node) implements WorldNode {

    @Override
    public String name() {
        return node.name();
    }

    @Override
    public State state() {
        return switch (node.state()) {
            case DOWN -> State.DOWN;
            case RUNNING -> State.RUNNING;
            case PAUSED -> State.PAUSED;
        };
    }

    @Override
    public void kill() {
        node.crash(CrashKind.PROCESS);
    }

    @Override
    public void powerLoss() {
        node.crash(CrashKind.POWER_LOSS);
    }

    @Override
    public void shutdown() {
        node.shutdown();
    }

    @Override
    public void start() {
        node.start();
    }

    @Override
    public void pause() {
        node.pause();
    }

    @Override
    public void resume() {
        node.resume();
    }
}
