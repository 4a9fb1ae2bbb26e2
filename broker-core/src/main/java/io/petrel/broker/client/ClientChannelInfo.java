package io.petrel.broker.client;

import io.petrel.remoting.LanguageCode;
import io.petrel.remoting.RemotingChannel;

/** One client connection as a group member: its id, language, version and last heartbeat. */
public final class ClientChannelInfo {

    private final RemotingChannel channel;
    private final String clientId;
    private final LanguageCode language;
    private final int version;
    private long lastUpdateNanos;

    public ClientChannelInfo(RemotingChannel channel, String clientId, LanguageCode language, int version, long nowNanos) {
        this.channel = channel;
        this.clientId = clientId;
        this.language = language;
        this.version = version;
        this.lastUpdateNanos = nowNanos;
    }

    public RemotingChannel channel() {
        return channel;
    }

    public String clientId() {
        return clientId;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    public long lastUpdateNanos() {
        return lastUpdateNanos;
    }

    void touch(long nowNanos) {
        lastUpdateNanos = nowNanos;
    }
}
