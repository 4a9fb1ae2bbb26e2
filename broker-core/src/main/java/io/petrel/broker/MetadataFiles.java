package io.petrel.broker;

import io.petrel.common.DurableFile;
import io.petrel.common.UnreadableFileException;
import io.petrel.env.DiskException;
import io.petrel.env.NodeLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the broker's metadata files under {@code storePathRootDir/config} at start, and decides
 * what a file that cannot be read costs. The broker never writes such a file (its writers and
 * readers share one format and one set of limits); a disk fault or a hand edit can still make one.
 * RocketMQ's broker then exits whatever the file. Petrel exits (status 3, with a message naming
 * the file and what would be lost) only when starting without the file would lose acknowledged
 * messages or offsets:
 *
 * <table>
 *   <caption>An unreadable metadata file at start</caption>
 *   <tr><th>file</th><th>the broker</th><th>because starting without it would</th></tr>
 *   <tr><td>topics.json</td><td>exits 3</td><td>hide acknowledged messages: their topics would be
 *       unknown, unrouted and refused to consumers, or re-created by a send with default queues,
 *       stranding the messages of the other queues</td></tr>
 *   <tr><td>consumerOffset.json</td><td>exits 3</td><td>lose the groups' committed offsets: they
 *       would consume again from consumeFromWhere, re-delivering or skipping messages</td></tr>
 *   <tr><td>delayOffset.json</td><td>exits 3</td><td>lose the schedule's progress: every delayed
 *       message still stored would be delivered again</td></tr>
 *   <tr><td>subscriptionGroup.json</td><td>moves it aside to {@code .corrupt-<n>}, logs an ERROR
 *       naming both, starts</td><td>lose only group settings (retries, consumeEnable, ...), no
 *       message and no offset: a group comes back with RocketMQ's defaults when next used (with
 *       autoCreateSubscriptionGroup) or when an admin re-creates it</td></tr>
 * </table>
 *
 * The checkpoint is not here: the store reads it, and one that cannot be read only makes recovery
 * scan the commit log from its first file. Single-threaded on the broker's loop.
 */
final class MetadataFiles {

    /** One file: how to load it, and either what starting without it would lose or how to move it aside. */
    private record Entry(Runnable load, String lossWithout, DurableFile movableFile, String afterMove) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** A file the broker does not start without; {@code lossWithout} completes "starting without it would ...". */
    MetadataFiles required(Runnable load, String lossWithout) {
        entries.add(new Entry(load, lossWithout, null, null));
        return this;
    }

    /** A file moved aside when unreadable; {@code afterMove} says what the broker starts with instead. */
    MetadataFiles movedAsideIfUnreadable(Runnable load, DurableFile file, String afterMove) {
        entries.add(new Entry(load, null, file, afterMove));
        return this;
    }

    /**
     * Loads every file in order.
     *
     * @return null when the broker may start, else why it must exit (naming the file and the loss)
     */
    String loadAll(NodeLog log) {
        for (Entry entry : entries) {
            String problem = load(entry, log);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String load(Entry entry, NodeLog log) {
        try {
            entry.load().run();
            return null;
        } catch (UnreadableFileException e) {
            if (entry.movableFile() == null) {
                return e.getMessage() + "; starting without it would " + entry.lossWithout()
                        + ". Restore the file, or move it away to start without it and accept that";
            }
            String aside;
            try {
                aside = entry.movableFile().moveAside();
            } catch (DiskException moveFailed) {
                return e.getMessage() + "; moving it aside failed: " + moveFailed.getMessage();
            }
            log.error("{} cannot be read ({}); moved it aside to {} and starting without it: {}", e.path(), e.reason(),
                    aside, entry.afterMove());
            entry.load().run();
            return null;
        }
    }
}
