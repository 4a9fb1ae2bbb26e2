package io.petrel.admin;

import io.petrel.common.ClusterInfo;
import io.petrel.common.ConsumeStats;
import io.petrel.common.ConsumeType;
import io.petrel.common.ConsumerConnection;
import io.petrel.common.GroupList;
import io.petrel.common.MessageQueue;
import io.petrel.common.OffsetWrapper;
import io.petrel.common.BrokerData;
import io.petrel.common.SubscriptionData;
import io.petrel.remoting.ResponseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * queryMsgById's "message track": for each group consuming the message's topic
 * (QUERY_TOPIC_CONSUME_BY_WHO), whether it is online (GET_CONSUMER_CONNECTION_LIST) and, for a
 * push group, whether its committed offset on the message's queue of the storing broker is past
 * the message (GET_CONSUME_STATS); a consumed message whose tag the group does not subscribe to
 * is CONSUMED_BUT_FILTERED. This follows RocketMQ's messageTrackDetail.
 */
final class MessageTracks {

    private final NamesrvAdmin namesrv;
    private final BrokerAdmin broker;
    private final ConsumerOperations consumers;

    MessageTracks(NamesrvAdmin namesrv, BrokerAdmin broker, ConsumerOperations consumers) {
        this.namesrv = namesrv;
        this.broker = broker;
        this.consumers = consumers;
    }

    Promise<List<MessageTrack>> of(AdminMessage message) {
        return groups(message.topic()).then(groups -> namesrv.clusterInfo().then(info -> {
            List<Promise<MessageTrack>> tracks = new ArrayList<>();
            groups.forEach(g -> tracks.add(track(info, message, g)));
            return Promise.all(tracks);
        }));
    }

    private Promise<List<String>> groups(String topic) {
        return namesrv.route(topic).then(route -> {
            Map<String, String> addresses = ClusterView.routeAddresses(route);
            if (addresses.isEmpty()) {
                return Promise.of(List.<String>of());
            }
            return broker.topicConsumedBy(addresses.values().iterator().next(), topic).map(GroupList::groupList)
                    .map(g -> g == null ? List.<String>of() : new ArrayList<>(new TreeSet<>(g)));
        });
    }

    private Promise<MessageTrack> track(ClusterInfo info, AdminMessage message, String group) {
        return consumers.consumerConnection(group).settled().then(cc -> {
            if (!cc.isOk()) {
                AdminException e = cc.error();
                MessageTrack.TrackType type = e.code() == ResponseCode.CONSUMER_NOT_ONLINE
                        ? MessageTrack.TrackType.NOT_ONLINE : MessageTrack.TrackType.UNKNOWN;
                return Promise.of(new MessageTrack(group, type, describe(e)));
            }
            if (cc.value().consumeType() == ConsumeType.CONSUME_ACTIVELY) {
                return Promise.of(new MessageTrack(group, MessageTrack.TrackType.PULL, null));
            }
            return consumers.consumeStats(group, null).settled().map(stats -> stats.isOk()
                    ? new MessageTrack(group, consumedType(info, message, stats.value(), cc.value()), null)
                    : new MessageTrack(group, MessageTrack.TrackType.UNKNOWN, describe(stats.error())));
        });
    }

    private static String describe(AdminException e) {
        return e.code() >= 0 ? "CODE:" + e.code() + " DESC:" + (e.remark() == null ? e.getMessage() : e.remark()) : e.getMessage();
    }

    private static MessageTrack.TrackType consumedType(ClusterInfo info, AdminMessage message, ConsumeStats stats,
            ConsumerConnection cc) {
        String storeHost = message.stored().storeHost().toString();
        for (Map.Entry<MessageQueue, OffsetWrapper> e : stats.offsetTable().entrySet()) {
            MessageQueue mq = e.getKey();
            BrokerData data = info.brokerAddrTable() == null ? null : info.brokerAddrTable().get(mq.brokerName());
            boolean sameQueue = mq.topic().equals(message.topic()) && mq.queueId() == message.stored().queueId()
                    && data != null && storeHost.equals(data.masterAddress());
            if (sameQueue && e.getValue().consumerOffset() > message.stored().queueOffset()) {
                return filtered(cc, message) ? MessageTrack.TrackType.CONSUMED_BUT_FILTERED : MessageTrack.TrackType.CONSUMED;
            }
        }
        return MessageTrack.TrackType.NOT_CONSUME_YET;
    }

    private static boolean filtered(ConsumerConnection cc, AdminMessage message) {
        SubscriptionData sub = cc.subscriptionTable() == null ? null : cc.subscriptionTable().get(message.topic());
        if (sub == null || sub.tagsSet().isEmpty() || sub.tagsSet().contains(SubscriptionData.SUB_ALL)) {
            return false;
        }
        return !sub.tagsSet().contains(message.tags());
    }
}
