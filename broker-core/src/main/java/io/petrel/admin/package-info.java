/**
 * Petrel's admin client: the NameServer and broker requests mqadmin sends, and the operations it
 * composes from them (a cluster's masters, a topic's route, a group's brokers), all asynchronous
 * on the node's loop through {@link io.petrel.admin.Promise}. It holds no state beyond its
 * connections, so a crash of its node loses only the calls in flight. It may use the remoting
 * layer and the shared bodies of {@code io.petrel.common}; it knows nothing of the Broker's or
 * NameServer's insides, only their wire answers, so it works the same against Apache RocketMQ.
 */
package io.petrel.admin;
