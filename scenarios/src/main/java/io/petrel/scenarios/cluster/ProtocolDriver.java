package io.petrel.scenarios.cluster;

import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RemotingFailure;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.RequestProcessor;
import io.petrel.remoting.ResponseCallback;
import io.petrel.sim.SimNode;
import io.petrel.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A test node that speaks the remoting protocol directly: it sends requests, records responses,
 * and records what brokers send it on its connections (NOTIFY_CONSUMER_IDS_CHANGED, and the
 * consumer requests 220, 221, 307 and 309, which a test may answer with {@link #answer}). Its
 * blocking-style helpers run the simulator until the answer arrives.
 */
public final class ProtocolDriver implements Node {

    private static final int[] CONSUMER_REQUESTS = {RequestCode.RESET_CONSUMER_CLIENT_OFFSET,
        RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, RequestCode.GET_CONSUMER_RUNNING_INFO,
        RequestCode.CONSUME_MESSAGE_DIRECTLY, RequestCode.CHECK_TRANSACTION_STATE, RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT};

    private final Env env;
    private RemotingClient client;
    private final List<RemotingCommand> notifications = new ArrayList<>();
    private final List<RemotingCommand> received = new ArrayList<>();
    private final TreeMap<Integer, RequestProcessor> answers = new TreeMap<>();

    public ProtocolDriver(Env env) {
        this.env = env;
    }

    @Override
    public void start() {
        RequestDispatcher dispatcher = new RequestDispatcher(env)
                .register(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (ch, req) -> notifications.add(req));
        for (int code : CONSUMER_REQUESTS) {
            dispatcher.register(code, (ch, req) -> {
                received.add(req);
                RequestProcessor answer = answers.get(code);
                if (answer != null) {
                    answer.process(ch, req);
                }
            });
        }
        client = new RemotingClient(env, dispatcher, 3_000);
    }

    public Env env() {
        return env;
    }

    public List<RemotingCommand> notifications() {
        return notifications;
    }

    /** Broker-to-client requests received (220, 221, 307, 309, 39, 326), in arrival order. */
    public List<RemotingCommand> received() {
        return received;
    }

    /** Answers broker requests with {@code code} with {@code handler} (unanswered requests time out). */
    public void answer(int code, RequestProcessor handler) {
        answers.put(code, handler);
    }

    public RemotingClient client() {
        return client;
    }

    /** Sends and collects the outcome into {@code into} (a response or a failure). */
    public void send(Address address, RemotingCommand request, long timeoutMs, Outcome into) {
        client.invoke(address, request, timeoutMs, ResponseCallback.of(r -> into.response = r, f -> into.failure = f));
    }

    /** One request's outcome. */
    public static final class Outcome {
        public RemotingCommand response;
        public RemotingFailure failure;

        public boolean done() {
            return response != null || failure != null;
        }
    }

    /** Sends and runs the simulator until the answer; fails on a transport failure. */
    public static RemotingCommand call(Simulator sim, SimNode driver, Address address, RemotingCommand request) {
        Outcome outcome = new Outcome();
        driver.nodeAs(ProtocolDriver.class).send(address, request, 30_000, outcome);
        if (!sim.runUntil(outcome::done, 60_000)) {
            throw new AssertionError("no answer to " + request + " from " + address);
        }
        if (outcome.failure != null) {
            throw new AssertionError("request " + request + " to " + address + " failed: " + outcome.failure);
        }
        return outcome.response;
    }

    @Override
    public void shutdown(Runnable done) {
        client.stop();
        done.run();
    }
}
