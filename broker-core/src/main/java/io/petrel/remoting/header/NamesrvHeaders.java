package io.petrel.remoting.header;

import io.petrel.remoting.Required;

/** Headers of the NameServer's requests and responses (docs/protocol.md §3.5). */
public final class NamesrvHeaders {

    private NamesrvHeaders() {
    }

    public record RegisterBrokerRequestHeader(@Required String brokerName, @Required String brokerAddr,
            @Required String clusterName, @Required String haServerAddr, @Required Long brokerId,
            boolean compressed, Integer bodyCrc32) {
    }

    public record RegisterBrokerResponseHeader(String haServerAddr, String masterAddr) {
    }

    public record UnregisterBrokerRequestHeader(@Required String brokerName, @Required String brokerAddr,
            @Required String clusterName, @Required Long brokerId) {
    }

    public record GetRouteInfoRequestHeader(@Required String topic, Boolean acceptStandardJsonOnly) {
    }

    public record PutKVConfigRequestHeader(@Required String namespace, @Required String key, @Required String value) {
    }

    public record GetKVConfigRequestHeader(@Required String namespace, @Required String key) {
    }

    public record GetKVConfigResponseHeader(String value) {
    }

    public record DeleteKVConfigRequestHeader(@Required String namespace, @Required String key) {
    }

    public record GetKVListByNamespaceRequestHeader(@Required String namespace) {
    }

    public record DeleteTopicFromNamesrvRequestHeader(@Required String topic, String clusterName) {
    }

    public record WipeWritePermOfBrokerRequestHeader(@Required String brokerName) {
    }

    public record WipeWritePermOfBrokerResponseHeader(@Required Integer wipeTopicCount) {
    }

    public record AddWritePermOfBrokerRequestHeader(@Required String brokerName) {
    }

    public record AddWritePermOfBrokerResponseHeader(@Required Integer addTopicCount) {
    }

    public record GetTopicsByClusterRequestHeader(@Required String cluster) {
    }

    public record QueryDataVersionRequestHeader(@Required String brokerName, @Required String brokerAddr,
            @Required String clusterName, @Required Long brokerId) {
    }

    public record QueryDataVersionResponseHeader(@Required Boolean changed) {
    }
}
