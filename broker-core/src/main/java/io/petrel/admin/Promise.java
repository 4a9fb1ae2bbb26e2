package io.petrel.admin;

import io.petrel.common.Check;
import io.petrel.common.FanIn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The future result of an admin call, for one node's loop: it settles once, with a value or an
 * {@link AdminException}, and then runs its listeners in the order they were added. Listeners
 * added later run at once. Nothing here is thread-safe, and nothing needs to be: every promise
 * is created, settled and listened to on the node's loop. (broker-core may not use
 * CompletableFuture, whose blocking {@code get} the architecture test bans.)
 *
 * <p>A function given to {@link #map} or {@link #then} that throws fails the derived promise
 * instead of escaping into the loop: an {@link AdminException} as itself, a malformed body as
 * {@link AdminException.Kind#BAD_RESPONSE}, anything else as {@link AdminException.Kind#INTERNAL}.
 */
public final class Promise<T> {

    private enum State { PENDING, SUCCEEDED, FAILED }

    private State state = State.PENDING;
    private T value;
    private AdminException error;
    private List<BiConsumer<T, AdminException>> listeners = new ArrayList<>();

    public static <T> Promise<T> pending() {
        return new Promise<>();
    }

    public static <T> Promise<T> of(T value) {
        Promise<T> p = new Promise<>();
        p.complete(value);
        return p;
    }

    public static <T> Promise<T> failed(AdminException error) {
        Promise<T> p = new Promise<>();
        p.fail(error);
        return p;
    }

    /** Settles with a value; returns false (and changes nothing) when already settled. */
    public boolean complete(T result) {
        if (state != State.PENDING) {
            return false;
        }
        state = State.SUCCEEDED;
        value = result;
        notifyListeners();
        return true;
    }

    /** Settles with an error; returns false (and changes nothing) when already settled. */
    public boolean fail(AdminException cause) {
        if (state != State.PENDING) {
            return false;
        }
        state = State.FAILED;
        error = cause;
        notifyListeners();
        return true;
    }

    private void notifyListeners() {
        List<BiConsumer<T, AdminException>> toRun = listeners;
        listeners = Collections.emptyList();
        toRun.forEach(l -> l.accept(value, error));
    }

    /** Runs {@code listener} with (value, null) or (null, error) once settled. */
    public void onComplete(BiConsumer<T, AdminException> listener) {
        if (state == State.PENDING) {
            listeners.add(listener);
        } else {
            listener.accept(value, error);
        }
    }

    public boolean isDone() {
        return state != State.PENDING;
    }

    public boolean isSucceeded() {
        return state == State.SUCCEEDED;
    }

    /** The value; only after success. */
    public T value() {
        if (state != State.SUCCEEDED) {
            throw new IllegalStateException("promise is " + state);
        }
        return value;
    }

    /** The error; only after failure. */
    public AdminException error() {
        if (state != State.FAILED) {
            throw new IllegalStateException("promise is " + state);
        }
        return error;
    }

    public <U> Promise<U> map(Function<? super T, ? extends U> f) {
        Promise<U> next = new Promise<>();
        onComplete((v, e) -> {
            if (e != null) {
                next.fail(e);
                return;
            }
            U mapped;
            try {
                mapped = f.apply(v);
            } catch (RuntimeException thrown) {
                Check.rethrowIfBug(thrown);
                next.fail(AdminException.wrap(thrown));
                return;
            }
            next.complete(mapped);
        });
        return next;
    }

    public <U> Promise<U> then(Function<? super T, Promise<U>> f) {
        Promise<U> next = new Promise<>();
        onComplete((v, e) -> {
            if (e != null) {
                next.fail(e);
                return;
            }
            Promise<U> inner;
            try {
                inner = f.apply(v);
            } catch (RuntimeException thrown) {
                Check.rethrowIfBug(thrown);
                next.fail(AdminException.wrap(thrown));
                return;
            }
            inner.onComplete((u, ue) -> settle(next, u, ue));
        });
        return next;
    }

    /** On failure, continues with {@code f}'s promise instead; success passes through. */
    public Promise<T> recover(Function<AdminException, Promise<T>> f) {
        Promise<T> next = new Promise<>();
        onComplete((v, e) -> {
            if (e == null) {
                next.complete(v);
                return;
            }
            Promise<T> inner;
            try {
                inner = f.apply(e);
            } catch (RuntimeException thrown) {
                Check.rethrowIfBug(thrown);
                next.fail(AdminException.wrap(thrown));
                return;
            }
            inner.onComplete((u, ue) -> settle(next, u, ue));
        });
        return next;
    }

    /** A promise that always succeeds, with this one's outcome. */
    public Promise<Settled<T>> settled() {
        Promise<Settled<T>> next = new Promise<>();
        onComplete((v, e) -> next.complete(new Settled<>(v, e)));
        return next;
    }

    private static <U> void settle(Promise<U> target, U value, AdminException error) {
        if (error != null) {
            target.fail(error);
        } else {
            target.complete(value);
        }
    }

    /** Succeeds when every promise has settled, with their outcomes in the given order. */
    public static <T> Promise<List<Settled<T>>> allSettled(List<Promise<T>> promises) {
        Promise<List<Settled<T>>> all = new Promise<>();
        List<Settled<T>> outcomes = new ArrayList<>(Collections.nCopies(promises.size(), null));
        FanIn settled = new FanIn("allSettled", promises.size(), () -> all.complete(outcomes));
        if (promises.isEmpty()) {
            all.complete(outcomes);
        }
        for (int i = 0; i < promises.size(); i++) {
            int index = i;
            promises.get(i).onComplete((v, e) -> {
                outcomes.set(index, new Settled<>(v, e));
                settled.arrive();
            });
        }
        return all;
    }

    /** Succeeds with every value in order, or fails with the first error in the given order. */
    public static <T> Promise<List<T>> all(List<Promise<T>> promises) {
        return allSettled(promises).map(outcomes -> {
            List<T> values = new ArrayList<>(outcomes.size());
            for (Settled<T> s : outcomes) {
                values.add(s.orThrow());
            }
            return values;
        });
    }

    /** Runs {@code f} over the items one after another, each starting when the previous settled. */
    public static <I, T> Promise<List<Settled<T>>> sequentially(List<I> items, Function<I, Promise<T>> f) {
        Promise<List<Settled<T>>> done = new Promise<>();
        List<Settled<T>> outcomes = new ArrayList<>(items.size());
        step(items, f, outcomes, done);
        return done;
    }

    private static <I, T> void step(List<I> items, Function<I, Promise<T>> f, List<Settled<T>> outcomes,
            Promise<List<Settled<T>>> done) {
        if (outcomes.size() == items.size()) {
            done.complete(outcomes);
            return;
        }
        Promise<T> current;
        try {
            current = f.apply(items.get(outcomes.size()));
        } catch (RuntimeException thrown) {
            Check.rethrowIfBug(thrown);
            current = failed(AdminException.wrap(thrown));
        }
        current.onComplete((v, e) -> {
            outcomes.add(new Settled<>(v, e));
            step(items, f, outcomes, done);
        });
    }

    @Override
    public String toString() {
        return switch (state) {
            case PENDING -> "Promise[pending]";
            case SUCCEEDED -> "Promise[" + value + "]";
            case FAILED -> "Promise[failed: " + error.getMessage() + "]";
        };
    }
}
