package io.petrel.broker.transaction;

import io.petrel.broker.transaction.HalfTable.Half;
import io.petrel.broker.transaction.HalfTable.Phase;
import io.petrel.common.TopicValidator;
import io.petrel.common.message.StoredMessage;
import io.petrel.env.Cancellable;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.header.TransactionHeaders.CheckTransactionStateRequestHeader;
import io.petrel.store.MessageStore;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The check service (RocketMQ's {@code TransactionalMessageCheckService}): every
 * {@code transactionCheckInterval} it asks a live producer of each pending half message's group
 * (CHECK_TRANSACTION_STATE, oneway, on the producer's own connection) how its local transaction
 * ended, once the half message is {@code transactionTimeOut} old (or its
 * CHECK_IMMUNITY_TIME_IN_SECONDS), counted on the broker's monotonic clock from when it registered the
 * half message: at its store, or at the start that read it back. The producer answers with END_TRANSACTION. A half message asked
 * about {@code transactionCheckMax} times is given up: a copy goes to TRANS_CHECK_MAX_TIME_TOPIC and
 * an op record resolves it, so it is not asked about again after a restart. Only asks written to a
 * producer count: RocketMQ counts rounds, so a group with no live producer for
 * {@code transactionCheckMax} rounds loses its unresolved transactions; Petrel keeps them pending until
 * a producer of the group is there to answer. The count is kept in memory: a restart asks up to
 * {@code transactionCheckMax} more times. It also retries op records a commit could not write.
 * Single-threaded on the broker's loop.
 */
public final class TransactionCheck {

    /** The runtime-updatable keys it reads at every round. */
    public interface Settings {
        long checkIntervalMs();

        long transactionTimeoutMs();

        int checkMax();
    }

    /** The live connections of a producer group's members (from their heartbeats). */
    public interface Producers {
        List<RemotingChannel> channels(String group);
    }

    private final Env env;
    private final MessageStore store;
    private final HalfTable table;
    private final Settings settings;
    private final Producers producers;
    private final TransactionService service;
    private Cancellable timer = Cancellable.NONE;
    private boolean running;
    private long checksSent;
    private long givenUp;

    TransactionCheck(Env env, MessageStore store, HalfTable table, Settings settings, Producers producers,
            TransactionService service) {
        this.env = env;
        this.store = store;
        this.table = table;
        this.settings = settings;
        this.producers = producers;
        this.service = service;
    }

    void start() {
        running = true;
        schedule();
    }

    void stop() {
        running = false;
        timer.cancel();
    }

    long checksSent() {
        return checksSent;
    }

    long givenUp() {
        return givenUp;
    }

    private void schedule() {
        timer = env.scheduler().schedule(settings.checkIntervalMs(), this::round);
    }

    private void round() {
        if (!running) {
            return;
        }
        try {
            if (service.isLoaded()) {
                service.catchUp();
                table.all().forEach(this::look);
            }
        } catch (DiskException e) {
            env.log().warn("transactions: a check round could not read the half queue ({}); the next round retries",
                    e.getMessage());
        }
        schedule();
    }

    private void look(Half half) {
        if (half.phase == Phase.OP_MISSING) {
            half.phase = Phase.COMMITTING;
            service.writeOp(half, "committed", outcome -> { });
            return;
        }
        if (half.phase != Phase.PENDING) {
            return;
        }
        if (half.commitLogOffset < store.getMinPhyOffset()) {
            env.log().warn("transactions: {} was deleted by retention before it was resolved; its producer will not"
                    + " be asked", half);
            table.drop(half);
            return;
        }
        long age = (env.clock().nanoTime() - half.registeredNanos) / 1_000_000L;
        long immunity = half.immunityMs >= 0 ? half.immunityMs : settings.transactionTimeoutMs();
        if (age < immunity) {
            return;
        }
        StoredMessage stored = store.lookMessageByOffset(half.commitLogOffset);
        if (stored == null) {
            env.log().warn("transactions: {} cannot be read; its producer will not be asked", half);
            table.drop(half);
            return;
        }
        if (half.checks >= settings.checkMax()) {
            giveUp(half, stored);
            return;
        }
        ask(half, stored);
    }

    private void ask(Half half, StoredMessage stored) {
        if (half.group == null) {
            // No PGROUP property (a bit flipped in the properties, which no CRC covers): no producer can
            // be asked; it stays pending, logged every round, as one whose group nobody runs (fuzz6-134969).
            env.log().warn("transactions: {} names no producer group; no producer can be asked about it", half);
            return;
        }
        List<RemotingChannel> channels = producers.channels(half.group).stream().filter(RemotingChannel::isOpen).toList();
        if (channels.isEmpty()) {
            env.log().info("transactions: no live producer of group {} to ask about {} (asked {} of {} times so far)",
                    half.group, half, half.checks, settings.checkMax());
            return;
        }
        ByteBuffer body = HalfMessages.checkBody(stored);
        if (body == null) {
            giveUp(half, stored);
            return;
        }
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        RemotingChannel channel = channels.get(env.random().nextInt(channels.size()));
        RemotingCommand request = RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE,
                new CheckTransactionStateRequestHeader(half.queueOffset, half.commitLogOffset, half.uniqKey, half.uniqKey,
                        stored.offsetMsgId(), null)).body(bytes);
        if (channel.invokeOneway(request)) {
            half.checks++;
            checksSent++;
            env.log().probe("broker-transaction-check");
        } else {
            env.log().info("transactions: could not write the check about {} to {}; the next round asks again", half,
                    channel.remoteAddress());
        }
    }

    private void giveUp(Half half, StoredMessage stored) {
        half.phase = Phase.GIVING_UP;
        env.log().warn("transactions: {} was asked about {} times without an answer; it is given up and kept in {}",
                half, half.checks, TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC);
        service.giveUpCopy(stored, () -> {
            givenUp++;
            env.log().probe("broker-transaction-given-up");
            service.writeOp(half, "given up", outcome -> { });
        }, () -> half.phase = Phase.PENDING);
    }
}
