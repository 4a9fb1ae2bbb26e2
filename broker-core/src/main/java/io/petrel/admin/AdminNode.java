package io.petrel.admin;

import io.petrel.acl.AclCredentials;
import io.petrel.acl.AclSigner;
import io.petrel.env.Address;
import io.petrel.env.Env;
import io.petrel.env.Node;
import io.petrel.remoting.RemotingClient;
import io.petrel.remoting.RequestDispatcher;
import java.util.List;

/**
 * A node that only hosts an {@link AdminClient}: it listens on nothing and keeps one connection
 * per NameServer or broker it talks to. mqadmin runs one in io-real; simulations add one to a
 * cluster. A crash simply ends its pending calls; it has no state worth keeping.
 */
public final class AdminNode implements Node {

    private final Env env;
    private final List<Address> namesrvs;
    private final long timeoutMs;
    private final AclCredentials credentials;
    private RemotingClient client;
    private AdminClient admin;

    public AdminNode(Env env, List<Address> namesrvs, long timeoutMs) {
        this(env, namesrvs, timeoutMs, null);
    }

    /** An admin node that signs every request with {@code credentials} (conf/tools.yml); null signs nothing. */
    public AdminNode(Env env, List<Address> namesrvs, long timeoutMs, AclCredentials credentials) {
        this.env = env;
        this.namesrvs = List.copyOf(namesrvs);
        this.timeoutMs = timeoutMs;
        this.credentials = credentials;
    }

    @Override
    public void start() {
        client = new RemotingClient(env, new RequestDispatcher(env), AdminClient.CONNECT_TIMEOUT_MS);
        if (credentials != null) {
            client.beforeRequest(request -> AclSigner.sign(request, credentials));
        }
        admin = new AdminClient(env, client, namesrvs, timeoutMs);
    }

    /** The client; only after {@link #start()}, and only on this node's loop. */
    public AdminClient admin() {
        return admin;
    }

    @Override
    public void shutdown(Runnable done) {
        if (client != null) {
            client.stop();
        }
        done.run();
    }
}
