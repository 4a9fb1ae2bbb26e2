package io.petrel.quickstart;

import io.petrel.client.ClientException;
import io.petrel.client.MessageExt;
import io.petrel.client.ProducerConfig;
import io.petrel.client.SendResult;
import io.petrel.client.SendStatus;
import io.petrel.common.BrokerData;
import io.petrel.common.MessageQueue;
import io.petrel.real.admin.BlockingAdmin;
import io.petrel.real.client.BlockingProducer;
import io.petrel.real.client.PetrelClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The master/slave quickstart's demonstration: a message sent to the first master, held by its
 * slave, then the master stopped (SIGTERM to its process, as {@code kill PID} and
 * {@code bin/mqshutdown broker} do) and the message consumed from the slave by a fresh consumer,
 * with the seconds from the quickstart's start to that message. The slave copies topics and groups
 * from its master every 10 s; the consumer needs both on the slave, so this waits for them first.
 */
final class Failover {

    /** The brokerId of a slave in the quickstart's conf sets. */
    static final long SLAVE_ID = 1;
    private static final long SLAVE_COPY_WAIT_MS = 60_000;
    private static final long STOP_WAIT_S = 60;
    private static final int SEND_ATTEMPTS = 10;

    /** The master's process and the wall-clock millisecond the quickstart began starting nodes. */
    record Plan(long masterPid, long startedAtMs) {
    }

    private final PrintStream out;
    private final String namesrvAddr;
    private final String brokerName;
    private final Plan plan;
    private final RoundTrip roundTrip;

    Failover(PrintStream out, String namesrvAddr, String brokerName, Plan plan) {
        this.out = out;
        this.namesrvAddr = namesrvAddr;
        this.brokerName = brokerName;
        this.plan = plan;
        this.roundTrip = new RoundTrip(out, namesrvAddr, Quickstart.TOPIC, Quickstart.GROUP, Quickstart.PRODUCER_GROUP);
    }

    void run(BlockingAdmin admin) {
        String slave = slaveAddress(admin);
        out.printf("%nWaiting for %s's slave %s to copy %s and %s from its master (it does every 10 s)...%n",
                brokerName, slave, Quickstart.TOPIC, Quickstart.GROUP);
        Poll.until("the slave to copy the topic and the group", SLAVE_COPY_WAIT_MS, () -> copied(admin, slave) ? Boolean.TRUE : null);
        awaitSlaveFollowing(admin);
        SendResult sent = send();
        Poll.until("the slave to hold the message", SLAVE_COPY_WAIT_MS,
                () -> admin.call(a -> a.broker().maxOffset(slave, sent.messageQueue())) > sent.queueOffset() ? Boolean.TRUE : null);
        out.printf("The slave %s holds it too.%n", slave);
        stopMaster();
        try (PetrelClient client = PetrelClient.start(namesrvAddr)) {
            // A client of its own: the producer's client still has a route naming the stopped master.
            MessageExt consumed = roundTrip.consume(client, sent.msgId());
            double seconds = (System.currentTimeMillis() - plan.startedAtMs()) / 1000.0;
            out.printf("Consumed: \"%s\" from %s queue %d at queue offset %d by group %s, msgId=%s,%n"
                    + "          read from the slave %s while the master is stopped%n",
                    new String(consumed.getBody(), StandardCharsets.UTF_8), consumed.getBrokerName(), consumed.getQueueId(),
                    consumed.getQueueOffset(), Quickstart.GROUP, consumed.getMsgId(), slave);
            out.printf(Locale.ROOT, "Seconds from the quickstart's start to the first message consumed from the slave: %.1f%n",
                    seconds);
        } catch (ClientException e) {
            throw new QuickstartException("the consumer failed: " + e.getMessage());
        }
    }

    /**
     * A restarted master (a second run) needs its slave to reconnect before a SYNC_MASTER answers
     * SEND_OK. brokerStatus's {@code slaveFallBehindMuch} tells: below {@code commitLogMaxOffset}
     * once a slave follows. An empty log cannot tell, so then the send itself retries.
     */
    private void awaitSlaveFollowing(BlockingAdmin admin) {
        String master = admin.call(a -> a.namesrv().clusterInfo()).brokerAddrTable().get(brokerName).masterAddress();
        Poll.until("the slave to follow the master " + master, SLAVE_COPY_WAIT_MS, () -> {
            Map<String, String> info = admin.call(a -> a.broker().runtimeInfo(master));
            long end = Long.parseLong(info.getOrDefault("commitLogMaxOffset", "0"));
            long behind = Long.parseLong(info.getOrDefault("slaveFallBehindMuch", "0"));
            return end == 0 || behind < end ? Boolean.TRUE : null;
        });
    }

    private String slaveAddress(BlockingAdmin admin) {
        BrokerData data = admin.call(a -> a.namesrv().clusterInfo()).brokerAddrTable().get(brokerName);
        String slave = data == null ? null : data.brokerAddrs().get(SLAVE_ID);
        if (slave == null) {
            throw new QuickstartException(brokerName + " has no slave registered");
        }
        return slave;
    }

    private static boolean copied(BlockingAdmin admin, String slave) {
        try {
            admin.call(a -> a.broker().topicStats(slave, Quickstart.TOPIC));
        } catch (RuntimeException e) {
            return false;
        }
        return admin.call(a -> a.broker().subscriptionGroups(slave)).containsKey(Quickstart.GROUP);
    }

    private SendResult send() {
        out.println();
        try (PetrelClient client = PetrelClient.start(namesrvAddr)) {
            BlockingProducer producer = client.producer(ProducerConfig.of(Quickstart.PRODUCER_GROUP));
            MessageQueue target = producer.fetchPublishMessageQueues(Quickstart.TOPIC).stream()
                    .filter(q -> q.brokerName().equals(brokerName)).findFirst()
                    .orElseThrow(() -> new QuickstartException(Quickstart.TOPIC + " has no queue on " + brokerName));
            SendResult sent = producer.send(roundTrip.message(), (queues, m, arg) -> target, null);
            for (int attempt = 1; sent.sendStatus() == SendStatus.SLAVE_NOT_AVAILABLE && attempt < SEND_ATTEMPTS; attempt++) {
                out.printf("Sent:     SLAVE_NOT_AVAILABLE (kept by the master; its slave has not connected yet), msgId=%s;"
                        + " sending another in 1 s%n", sent.msgId());
                Thread.sleep(1_000);
                sent = producer.send(roundTrip.message(), (queues, m, arg) -> target, null);
            }
            out.printf("Sent:     %s to %s queue %d at queue offset %d, msgId=%s%n", sent.sendStatus(),
                    sent.messageQueue().brokerName(), sent.messageQueue().queueId(), sent.queueOffset(), sent.msgId());
            producer.shutdown();
            return sent;
        } catch (ClientException e) {
            throw new QuickstartException("the producer failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException("interrupted while sending");
        }
    }

    /** SIGTERM to the master, as {@code kill PID} does; waits until its process is gone. */
    private void stopMaster() {
        long pid = plan.masterPid();
        out.printf("%n$ kill %d    # stop the master of %s (bin/mqshutdown broker would stop every broker)%n", pid, brokerName);
        Optional<ProcessHandle> master = ProcessHandle.of(pid);
        if (master.isEmpty()) {
            throw new QuickstartException("the master of " + brokerName + " (pid " + pid + ") is not running");
        }
        master.get().destroy();
        try {
            master.get().onExit().get(STOP_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException("interrupted while waiting for the master to stop");
        } catch (Exception e) {
            throw new QuickstartException("the master of " + brokerName + " (pid " + pid + ") did not stop within "
                    + STOP_WAIT_S + " s: " + e);
        }
        out.printf("The master of %s (pid %d) has stopped; its slave goes on serving reads.%n", brokerName, pid);
    }
}
