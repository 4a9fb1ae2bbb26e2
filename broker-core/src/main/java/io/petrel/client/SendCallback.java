package io.petrel.client;

/** The outcome of an asynchronous send; exactly one method runs, once, on the client's loop. */
public interface SendCallback {

    void onSuccess(SendResult result);

    void onException(ClientException error);
}
