package io.petrel.scenarios.fuzz;

import io.petrel.client.LocalTransactionState;
import io.petrel.client.Message;
import io.petrel.client.MessageExt;
import io.petrel.client.TransactionListener;
import io.petrel.env.RandomSource;
import io.petrel.scenarios.history.Bodies;
import io.petrel.scenarios.history.History;
import io.petrel.scenarios.history.Send;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A fuzz producer's local transactions (issue 19). Each transactional message carries, in the user
 * property {@value #LABEL}, how its local transaction goes: {@code C} commits at once, {@code R} rolls
 * back at once, {@code U<d><n>} answers UNKNOW at first, decides {@code d} (C or R) in its local
 * transaction and answers the broker's first {@code n} checks UNKNOW as well. The decision is
 * written to the history as the application's database would keep it ({@link History#transactionDecided}),
 * so a restarted producer of the group (a new session) answers checks for the old session's messages
 * the same way: the decision when there is one; UNKNOW while the send is still in flight (the local
 * transaction has not run yet); ROLLBACK when the send ended without the local transaction running
 * (it failed, timed out, or its half message was not flushed or replicated in time). Every check is
 * recorded, so the checker can tell a rolled-back message delivered from a committed one lost.
 */
final class FuzzTransactions implements TransactionListener {

    static final String LABEL = "fuzz-tx";

    private final History history;
    private final Map<String, Integer> checksHere = new HashMap<>();

    FuzzTransactions(History history) {
        this.history = history;
    }

    /** A label: commit 45 %, roll back 25 %, unknown at first 30 % (then commit 60 %, up to two UNKNOW checks). */
    static String label(RandomSource random) {
        int pick = random.nextInt(100);
        if (pick < 45) {
            return "C";
        }
        if (pick < 70) {
            return "R";
        }
        return "U" + (random.nextInt(10) < 6 ? "C" : "R") + random.nextInt(3);
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
        String id = Bodies.id(new String(message.getBody(), StandardCharsets.UTF_8));
        String label = message.getUserProperty(LABEL);
        boolean commit = label.equals("C") || label.startsWith("UC");
        history.transactionDecided(id, commit);
        if (label.startsWith("U")) {
            return LocalTransactionState.UNKNOW;
        }
        return commit ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
    }

    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        String id = Bodies.id(new String(message.getBody(), StandardCharsets.UTF_8));
        history.transactionChecked(id);
        Boolean decided = history.transactionDecision(id);
        if (decided == null) {
            Send send = history.send(id);
            return send != null && send.outcome() == Send.Outcome.PENDING ? LocalTransactionState.UNKNOW
                    : LocalTransactionState.ROLLBACK_MESSAGE;
        }
        String label = message.getUserProperty(LABEL);
        int asked = checksHere.merge(id, 1, Integer::sum);
        if (label != null && label.startsWith("U") && asked <= label.charAt(2) - '0') {
            return LocalTransactionState.UNKNOW;
        }
        return decided ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
    }
}
