package io.petrel.client;

import io.petrel.acl.AclCredentials;
import io.petrel.common.Sabotage;
import io.petrel.env.Address;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every client of one instance shares (RocketMQ's ClientConfig): NameServers, the address
 * the client reports itself at, its instance name, the periods of its background work, where
 * broadcasting consumers keep their offsets, and the zone {@code consumeTimestamp} is read in.
 * {@code sabotage} holds test-only {@link Sabotage} switches (push consumers act on
 * COMMIT_OFFSET_BEFORE_PROCESSING); only test code sets it, through {@link #withSabotage}.
 * {@code credentials} (null: none) sign every request, as the official client's AclClientRPCHook
 * does, for brokers with aclEnable=true.
 */
public record ClientConfig(
        List<Address> namesrvAddrs,
        String clientIP,
        String instanceName,
        long pollNameServerIntervalMs,
        long heartbeatBrokerIntervalMs,
        long persistConsumerOffsetIntervalMs,
        long mqClientApiTimeoutMs,
        String offsetStoreDir,
        ZoneId timeZone,
        Set<Sabotage> sabotage,
        AclCredentials credentials) {

    public ClientConfig {
        namesrvAddrs = List.copyOf(namesrvAddrs);
        sabotage = Sabotage.copyOf(sabotage);
    }

    /** Without credentials. */
    public ClientConfig(List<Address> namesrvAddrs, String clientIP, String instanceName, long pollNameServerIntervalMs,
            long heartbeatBrokerIntervalMs, long persistConsumerOffsetIntervalMs, long mqClientApiTimeoutMs,
            String offsetStoreDir, ZoneId timeZone, Set<Sabotage> sabotage) {
        this(namesrvAddrs, clientIP, instanceName, pollNameServerIntervalMs, heartbeatBrokerIntervalMs,
                persistConsumerOffsetIntervalMs, mqClientApiTimeoutMs, offsetStoreDir, timeZone, sabotage, null);
    }

    /** A configuration without sabotage (every production client). */
    public ClientConfig(List<Address> namesrvAddrs, String clientIP, String instanceName, long pollNameServerIntervalMs,
            long heartbeatBrokerIntervalMs, long persistConsumerOffsetIntervalMs, long mqClientApiTimeoutMs,
            String offsetStoreDir, ZoneId timeZone) {
        this(namesrvAddrs, clientIP, instanceName, pollNameServerIntervalMs, heartbeatBrokerIntervalMs,
                persistConsumerOffsetIntervalMs, mqClientApiTimeoutMs, offsetStoreDir, timeZone, Sabotage.none());
    }

    /** RocketMQ's defaults: routes and heartbeats every 30 s, offsets every 5 s, 3 s API timeout. */
    public static ClientConfig of(String namesrvAddr, String clientIP, String instanceName) {
        return new ClientConfig(parseNamesrvAddr(namesrvAddr), clientIP, instanceName, 30_000, 30_000, 5_000, 3_000,
                "/petrel-client/offsets", ZoneOffset.UTC);
    }

    /** The client id brokers know this instance by: {@code clientIP@instanceName}. */
    public String clientId() {
        return clientIP + "@" + instanceName;
    }

    public ClientConfig withOffsetStoreDir(String dir) {
        return new ClientConfig(namesrvAddrs, clientIP, instanceName, pollNameServerIntervalMs, heartbeatBrokerIntervalMs,
                persistConsumerOffsetIntervalMs, mqClientApiTimeoutMs, dir, timeZone, sabotage, credentials);
    }

    /** The zone {@code consumeTimestamp} is read in (RocketMQ uses the machine's). */
    public ClientConfig withTimeZone(ZoneId zone) {
        return new ClientConfig(namesrvAddrs, clientIP, instanceName, pollNameServerIntervalMs, heartbeatBrokerIntervalMs,
                persistConsumerOffsetIntervalMs, mqClientApiTimeoutMs, offsetStoreDir, zone, sabotage, credentials);
    }

    public ClientConfig withIntervals(long pollNameServerMs, long heartbeatBrokerMs, long persistConsumerOffsetMs) {
        return new ClientConfig(namesrvAddrs, clientIP, instanceName, pollNameServerMs, heartbeatBrokerMs,
                persistConsumerOffsetMs, mqClientApiTimeoutMs, offsetStoreDir, timeZone, sabotage, credentials);
    }

    /** Clients of this instance sign every request with these credentials (brokers with aclEnable=true). */
    public ClientConfig withCredentials(AclCredentials value) {
        return new ClientConfig(namesrvAddrs, clientIP, instanceName, pollNameServerIntervalMs, heartbeatBrokerIntervalMs,
                persistConsumerOffsetIntervalMs, mqClientApiTimeoutMs, offsetStoreDir, timeZone, sabotage, value);
    }

    /** Tests only: clients of this instance get these {@link Sabotage} switches (default none). */
    public ClientConfig withSabotage(Set<Sabotage> switches) {
        return new ClientConfig(namesrvAddrs, clientIP, instanceName, pollNameServerIntervalMs, heartbeatBrokerIntervalMs,
                persistConsumerOffsetIntervalMs, mqClientApiTimeoutMs, offsetStoreDir, timeZone, switches, credentials);
    }

    /**
     * Parses {@code host:port;host:port}.
     *
     * @throws ClientException naming the text when it is empty or malformed
     */
    public static List<Address> parseNamesrvAddr(String text) {
        List<Address> addresses = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(";")) {
                if (!part.isBlank()) {
                    try {
                        addresses.add(Address.parse(part.trim()));
                    } catch (IllegalArgumentException e) {
                        throw new ClientException(-1, "bad NameServer address in '" + text + "': " + e.getMessage());
                    }
                }
            }
        }
        if (addresses.isEmpty()) {
            throw new ClientException(-1, "no NameServer address given: set namesrvAddr (host:port;host:port)");
        }
        return addresses;
    }
}
