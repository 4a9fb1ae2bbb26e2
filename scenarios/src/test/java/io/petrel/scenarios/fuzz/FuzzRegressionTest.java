package io.petrel.scenarios.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeds on which a campaign once found a real bug, kept so the bug stays fixed. Each comment names
 * the bug; the scenario must now pass the checker.
 */
class FuzzRegressionTest {

    @ParameterizedTest
    @ValueSource(strings = {
            // SYNC_FLUSH: consumers read records no force covered yet; a power loss took them back and
            // later acknowledged messages took their queue offsets, which committed offsets skipped.
            // Fixed by dispatching under SYNC_FLUSH only what a force made durable.
            "fuzz1-239",
            // Clock skew: delay-level entries stored while a broker's clock ran ahead were each held
            // a full level delay once they reached the head, 27 of them for 270 s. Now due at once.
            "fuzz1-188",
            // Checker: a delayed message retried onto two brokers was judged against the other
            // broker's schedule copy ("re-stored after -732 ms"). Now judged per broker.
            "fuzz1-189",
            // Harness: a graceful shutdown injected in the last safety step finished after the heal
            // had checked which servers were down, so the broker stayed down. A supervisor now
            // starts down servers for the whole liveness phase.
            "fuzz1-383",
            // Checker: forcible deletion when a disk-full fault pushed usage over diskMaxUsedSpaceRatio
            // removed unconsumed messages, as RocketMQ's retention does; counted, not a loss.
            "fuzz1-100231",
            // Checker: a committed offset stepped back when a queue changed owner (at-least-once).
            "fuzz1-100028",
            // Checker: an orderly member refused a lock the old owner still held waits for the
            // next 20 s rebalance, as RocketMQ's client does.
            "fuzz1-100529",
            // Broker: a read error while trimming consume queues after a commit-log deletion escaped
            // the clean-up timer (and marked the trim done); now retried at the next tick.
            "fuzz1-104506",
            // Store: a graceful shutdown during recovery's forces made the store go from SHUTTING_DOWN
            // to SERVING and threw; the shutdown now owns the store.
            "fuzz1-106638",
            // Checker: a commit-log file released for deletion (disk full) but kept by a reader is
            // already unreadable: retention, though the file was not deleted before a crash.
            "fuzz1-102995",
            // Checker: members that fetched the retry topic's route a few ms apart at start own one
            // retry queue together until the next route refresh; offsets may step back meanwhile.
            "fuzz1-102126",
            // Harness: ownership was not sampled in the 10 s after the heal, so a quiet join there
            // looked 11 s slow.
            "fuzz1-103523",
            // Checker: a flipped bit in a schedule copy's timestamp; the DLQ scan followed an entry
            // to another topic's record.
            "fuzz1-100898",
            "fuzz1-101461",
            // Harness: convergence was declared while a SYNC_FLUSH broker still held a retry copy
            // appended but not yet visible (waiting for its force); now nothing may wait.
            "fuzz1-201174",
            // Checker: a rejected message's retry copy may sit on a broker that lost power.
            "fuzz1-207409",
            // Checker: messages in a file released for deletion (disk full), skipped by consumers,
            // then back after a restart, are retention's.
            "fuzz1-202788",
            // Lite pull: progress stopped before a damaged record the broker skipped; it now moves
            // with the pull offset when nothing polled is outstanding.
            "fuzz1-206994",
            // Master/slave: a SYNC_MASTER waiting for its slave's lost tail was stopped cleanly, took
            // writes over the slave's acknowledged tail when it came back; the wait now survives.
            "fuzz2-700415",
            // Slave reads: a bit flipped in the slave's copy made it skip a record its master held
            // intact; a slave now sends the consumer to its master for a damaged record.
            "fuzz2-700990",
            // Slave reads: the slave's recovery skipped a damaged record, leaving a filler in its
            // queue; a filler on a slave now also sends the consumer to the master.
            "fuzz2-701867",
            // Broker: an injected read error on the replication marker threw out of the constructor;
            // the marker is now read with the other metadata files.
            "fuzz2-700511",
            // Checker: a consumer reading from the slave committed to the master past the master's
            // queue end (its dispatch waited for a failing disk); what the master's log holds counts.
            "fuzz2-700171",
            // Slave: a write error while it cut its log back left its dispatch past its log's end;
            // a cut that fails halfway now stops the store and exits the broker for recovery.
            "fuzz2-716006",
            // Slave: restarting a log that held nothing at the master's last file deleted its empty
            // files before a full disk refused the new one; the new file is now created first.
            "fuzz2-721879",
            // Checker: the slave-commit rule took a group's lower later commit for a regression.
            "fuzz2-711198",
            // Store: a bit flip in a record's queue id (not under the body CRC) made recovery build a
            // queue no later start could load; a queue id no writer stores is damage now.
            "fuzz2-732374",
            // Store: a flipped high bit of a queue offset made recovery continue the queue past any
            // position a file can hold; such an offset is damage now.
            "fuzz2-733357",
            // Slave: a cut of its log that failed halfway left zeroed pages under a checkpoint above
            // them, and recovery skipped the zeros and kept the rest; the checkpoint now goes first.
            "fuzz2-733791",
            // Client: an orderly member stopping while a rebalance round was in flight re-locked its
            // queues after releasing them and left; the group waited 60 s for the locks to expire.
            // Shutdown now waits for the round, and a round releases locks on queues it did not add.
            "fuzz2-740800",
            // Checker: a bit flipped in the properties of a slave's copy (no CRC covers them) handed a
            // consumer reading from the slave a message under another id; a slave's bit flip now
            // excuses losses as the master's does.
            "fuzz2-753195",
            // Store: a slave's durable offset lay inside a record; a power loss left a hole from there
            // with later pages kept, and recovery skipped the hole as decay. It ends the log now.
            "fuzz2-751535",
            // Slave: a replicated record with a damaged body was left out of the slave's queue, the
            // queue's last; a group reading from the slave waited at its end. The entry is kept now.
            "fuzz2-764976",
            // Store: a slave's full disk removed commit-log files its master still held, before its
            // queues were trimmed; reads skipped the removed entries and an orderly group reading
            // from the slave lost 578 messages. The slave sends the consumer to the master now.
            "fuzz2-775250",
            // Store: a write error halfway through the fillers before a queue's first entry left the
            // queue serving from past its end. A failed put leaves the queue as it was now.
            "fuzz2-772024",
            // Store: a consumer that read a SYNC_MASTER's records from its slave was ahead of what
            // the master showed (waiting for the slave's ack); the master moved it back and it
            // dropped messages it had pulled and not consumed. Such an offset now waits.
            "fuzz2-791635",
            // Replication: the file holding a slave's next bytes was released by its master's retention
            // (v3 deletes every file that is not the last); the master streamed from there, found
            // nothing and waited for ever. It streams from where its log starts now, and the slave's
            // log, all below that, restarts there.
            "fuzz3-803306",
            // Store: a bit flipped in a record's topic was served from its queue as another topic.
            "fuzz3-800673",
            // Checker: a member frozen past its channel expiry delivered messages retention had since
            // released after its successor had been moved past them; not an order the broker broke.
            "fuzz3-804994",
            // Transactions: half messages stored while a broker's clock ran ahead were not asked about
            // once the clock was set right (their age came out negative); age is monotonic now.
            "fuzz5-50158",
            // Checker: half messages in a commit-log file retention had released (its deletion cut short
            // by a crash) were reported unresolved; their op records went with the trimmed queue files.
            "fuzz5-60036",
            // Transactions: producers answered COMMIT while write errors made the store refuse the
            // re-put; each failed answer counted as an ask, so committed messages were given up after
            // 15. A decision the store could not write now starts the count again (also fuzz5-60895).
            "fuzz5-60427",
            // Checker: an orderly group locked out of its queues for much of a long run owed a backlog its
            // listener worked off in 340 s; the liveness phase now goes on while groups keep consuming.
            "fuzz5-64821",
            // Harness: both members of a group were still leaving (churn) when the heal came, so none was
            // started and the group never came back; members are now supervised like servers.
            "fuzz5-67723",
            // Replication: a slave whose forced log had a bit flipped skipped the record on recovery, as a
            // master does, and never took it again; its queue entry was missing and a group reading from
            // the slave waited for ever. A slave's log now ends at damage and refetches from its master.
            "fuzz5-73204",
            // Replication: a slave cut its log back to where its master's differs; the lowered checkpoint
            // was written but not forced and a power loss kept the master's new bytes under the old one:
            // recovery read a mix of two logs as intact. A cut now takes no bytes until it is forced.
            "fuzz6-84521",
            // Client: a lite pull member given a queue whose messages retention had deleted moved its pull
            // offset past them but, having polled nothing, committed nothing; the lag stayed for ever.
            "fuzz6-85001",
            // Checker: a flipped bit renamed a half message's producer group; no producer of it will ever
            // answer, and Petrel keeps such a half message pending (logged) until retention takes it.
            "fuzz6-88374",
            // Replication: a SYNC_MASTER lost its tail in a power loss and its slave's retention had deleted
            // the file where that tail began; the slave handed nothing back and its next file, holding
            // acknowledged messages, was cut. It hands back from its first file; the master skips to it.
            "fuzz6-99453",
            // Store: a flipped bit made a record's queue offset claim 140 instead of 12; recovery filled
            // 12..139 and a group reading from the slave, whose copy was sound, never reached the master's
            // end. A record that jumps ahead and is contradicted by the queue's next record is left out.
            "fuzz6-106669",
            // Checker: a flipped queue id (3 -> 1) in a slave's copy put a message in a queue its master
            // never wrote, read from the slave; a slave's bit flip now counts for its broker name as the
            // master's does (order, positions, offsets past the end).
            "fuzz6-112417",
            // Client: an orderly member that took OFFSET_MOVED forgot the queue but kept its lock, then
            // stopped before the next round: the group waited for the broker's lock to expire (60 s). It
            // now gives the lock back as RocketMQ's removeProcessQueue does.
            "fuzz6-123083",
            // Replication: a slave whose log ended inside a record (a transfer's end, then a failed append)
            // handed that first part back to its master after the master's power loss; the master
            // appended after it and both logs broke there. Only whole records go back now, and the
            // master refuses anything else.
            "fuzz6-127137",
            // Transactions: a bit flip dropped a half message's PGROUP property; the check round threw
            // looking up a null group. Such a half message stays pending and is logged every round.
            "fuzz6-134969",
            // Master/slave: a bit flip in the master's copy made a queue's last record claim the slot
            // before its own; the slave left it out and ended the queue one short, and a group reading
            // from the slave waited there forever. The slot is now marked left out, and the slave
            // sends readers of it to the master.
            "fuzz6-133107",
    })
    void aSeedThatOnceFoundABugNowPasses(String text) {
        FuzzSeed seed = FuzzSeed.parse(text);
        FuzzResult result = new FuzzScenario(seed).run();
        assertThat(result.ok()).as("%s%n  plan: %s%n  reproduce with: %s", result.verdict().summary(),
                result.plan().describe(), seed.replayCommand()).isTrue();
    }
}
