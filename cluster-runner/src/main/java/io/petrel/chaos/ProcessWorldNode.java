package io.petrel.chaos;

import io.petrel.cluster.NodeProcess;
import io.petrel.scenarios.world.WorldNode;

/**
 * A NameServer or broker process as a {@link WorldNode}: kill is SIGKILL, shutdown SIGTERM (each
 * waiting for the exit), start a restart onto the same store and ports (waiting until it serves),
 * pause and resume SIGSTOP and SIGCONT. A power loss cannot be inflicted on a process and is refused.
 */
record ProcessWorldNode(NodeProcess process) implements WorldNode {

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public State state() {
        return switch (process.state()) {
            case RUNNING -> State.RUNNING;
            case PAUSED -> State.PAUSED;
            case NEW, STOPPED -> State.DOWN;
        };
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void powerLoss() {
        throw new UnsupportedOperationException("a power loss of " + name() + " is not supported on real processes: "
                + "dropping its unflushed writes needs a device that can lose them (not built yet, issue 18)");
    }

    @Override
    public void shutdown() {
        process.stop();
    }

    @Override
    public void start() {
        process.restart();
    }

    @Override
    public void pause() {
        process.pause();
    }

    @Override
    public void resume() {
        process.resume();
    }
}
