/**
 * Custom headers of RocketMQ's requests and responses, as records whose component names are the
 * official field names (see {@link io.petrel.remoting.Headers} for how they map to ext fields).
 * Shared by the NameServer, the Broker and the clients.
 */
package io.petrel.remoting.header;
