package io.petrel.remoting;

import java.util.function.Consumer;

/** The outcome of one request: exactly one of the two methods runs, once, on the node's loop. */
public interface ResponseCallback {

    void onResponse(RemotingCommand response);

    void onFailure(RemotingFailure failure);

    /** A callback from two lambdas. */
    static ResponseCallback of(Consumer<RemotingCommand> onResponse, Consumer<RemotingFailure> onFailure) {
        return new ResponseCallback() {
            @Override
            public void onResponse(RemotingCommand response) {
                onResponse.accept(response);
            }

            @Override
            public void onFailure(RemotingFailure failure) {
                onFailure.accept(failure);
            }
        };
    }
}
