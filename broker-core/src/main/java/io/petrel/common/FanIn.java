package io.petrel.common;

/**
 * Collects the answers to requests a node sent out in parallel (one per broker, per queue, per
 * file) and runs its continuation once, after the last. Counted, not timed: every part answers
 * once, success or failure, and an answer past the count is a bug ({@link Check}), as is a part
 * expected after the continuation ran. A fan-out whose parts are known only while it is sent
 * starts at one part for the sender, {@link #expect}s one per part sent and {@link #arrive}s once
 * for the sender when done, so answers that come back at once cannot finish it early.
 *
 * <p>With no parts it never runs its continuation: an empty fan-out means something different at
 * each caller (most answer at once before making one), so each caller says what.
 */
public final class FanIn {

    private final String what;
    private final Runnable then;
    private int left;
    private boolean finished;

    /** {@code what} names the fan-out in a failed check. */
    public FanIn(String what, int parts, Runnable then) {
        Check.argument(parts >= 0, "{}: a fan-in of {} parts", what, parts);
        this.what = what;
        this.then = then;
        this.left = parts;
    }

    /** One more part was sent. */
    public void expect() {
        Check.state(!finished, "{}: a part expected after the last answer", what);
        left++;
    }

    /** A part that was expected will not answer after all (it was never sent). */
    public void withdraw() {
        Check.state(!finished && left > 1, "{}: a part withdrawn with {} left", what, left);
        left--;
    }

    /** One part answered; the last runs the continuation. */
    public void arrive() {
        Check.state(!finished && left > 0, "{}: more answers than parts", what);
        if (--left == 0) {
            finished = true;
            then.run();
        }
    }

    public int left() {
        return left;
    }
}
