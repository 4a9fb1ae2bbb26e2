package io.petrel.client;

import io.petrel.env.Address;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCallback;
import io.petrel.remoting.ResponseCode;
import java.util.function.Consumer;

/** One request with its failure turned into a {@link ClientException} that names the peer and the request. */
final class ClientRpc {

    private final RemotingClient remoting;

    ClientRpc(RemotingClient remoting) {
        this.remoting = remoting;
    }

    RemotingClient remoting() {
        return remoting;
    }

    /** Any response (whatever its code) goes to {@code onResponse}; transport failures to {@code onError}. */
    void call(String address, RemotingCommand request, long timeoutMs, Consumer<RemotingCommand> onResponse,
            Consumer<ClientException> onError) {
        Address to;
        try {
            to = Address.parse(address);
        } catch (IllegalArgumentException e) {
            onError.accept(new ClientException(-1, "bad broker address '" + address + "'"));
            return;
        }
        int code = request.code();
        remoting.invoke(to, request, timeoutMs, ResponseCallback.of(onResponse, failure -> onError.accept(
                new ClientException(-1, RequestCode.describe(code) + " to " + address + " failed: " + failure))));
    }

    /** Like {@link #call} but a non-SUCCESS code is an error too, with its remark. */
    void callOk(String address, RemotingCommand request, long timeoutMs, Consumer<RemotingCommand> onSuccess,
            Consumer<ClientException> onError) {
        call(address, request, timeoutMs, response -> {
            if (response.code() == ResponseCode.SUCCESS) {
                onSuccess.accept(response);
            } else {
                onError.accept(new ClientException(response.code(), "CODE: " + response.code() + "  DESC: "
                        + response.remark() + " BROKER: " + address));
            }
        }, onError);
    }

    void oneway(String address, RemotingCommand request) {
        try {
            remoting.invokeOneway(Address.parse(address), request);
        } catch (IllegalArgumentException e) {
            // An unparseable address cannot come from a route; nothing to send to.
        }
    }
}
