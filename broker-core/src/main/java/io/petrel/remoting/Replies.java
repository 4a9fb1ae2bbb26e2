package io.petrel.remoting;

import io.petrel.common.Json;

/** The replies every processor writes: a JSON body on success, or a code with a remark. */
public final class Replies {

    private Replies() {
    }

    /** SUCCESS with {@code body} written as JSON. */
    public static void ok(RemotingChannel channel, RemotingCommand request, Object body) {
        channel.reply(request, RemotingCommand.success().body(Json.write(body)));
    }

    /** SUCCESS with no body. */
    public static void ok(RemotingChannel channel, RemotingCommand request) {
        channel.reply(request, RemotingCommand.success());
    }

    /** An error (or any non-SUCCESS code) with a remark for the operator. */
    public static void error(RemotingChannel channel, RemotingCommand request, int code, String remark) {
        channel.reply(request, RemotingCommand.response(code, remark));
    }
}
