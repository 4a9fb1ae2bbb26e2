package io.petrel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.common.BodyException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-threaded promise the admin client composes its operations with. */
class PromiseTest {

    private static AdminException error(String message) {
        return new AdminException(AdminException.Kind.NOT_FOUND, message);
    }

    @Test
    void settlesOnceAndRunsListenersInOrderIncludingLateOnes() {
        Promise<String> p = Promise.pending();
        List<String> seen = new ArrayList<>();
        p.onComplete((v, e) -> seen.add("first " + v));
        p.onComplete((v, e) -> seen.add("second " + v));
        assertThat(p.complete("a")).isTrue();
        assertThat(p.complete("b")).isFalse();
        assertThat(p.fail(error("late"))).isFalse();
        p.onComplete((v, e) -> seen.add("late " + v));
        assertThat(seen).containsExactly("first a", "second a", "late a");
    }

    @Test
    void mapThenAndRecoverChainValuesAndErrors() {
        Promise<Integer> source = Promise.pending();
        Promise<String> chained = source.map(i -> i * 2).then(i -> Promise.of("n=" + i));
        source.complete(21);
        assertThat(chained.value()).isEqualTo("n=42");

        Promise<String> recovered = Promise.<String>failed(error("gone")).map(s -> s + "!")
                .recover(e -> Promise.of("recovered from " + e.getMessage()));
        assertThat(recovered.value()).isEqualTo("recovered from gone");
    }

    @Test
    void exceptionsThrownInsideCallbacksFailThePromiseInsteadOfEscaping() {
        assertThat(Promise.of(1).map(i -> { throw new BodyException("malformed X body"); }).error().kind())
                .isEqualTo(AdminException.Kind.BAD_RESPONSE);
        AdminException internal = Promise.of(1).then(i -> { throw new IllegalStateException("bug"); }).error();
        assertThat(internal.kind()).isEqualTo(AdminException.Kind.INTERNAL);
        assertThat(internal.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(Promise.of(1).map(i -> { throw error("as is"); }).error().getMessage()).isEqualTo("as is");
    }

    @Test
    void allSettledKeepsTheGivenOrderWhateverTheCompletionOrder() {
        Promise<String> a = Promise.pending();
        Promise<String> b = Promise.pending();
        Promise<List<Settled<String>>> all = Promise.allSettled(List.of(a, b));
        b.fail(error("b failed"));
        assertThat(all.isDone()).isFalse();
        a.complete("a");
        assertThat(all.value()).extracting(Settled::value).containsExactly("a", null);
        assertThat(all.value().get(1).error().getMessage()).isEqualTo("b failed");
        assertThat(Promise.all(List.of(Promise.of("x"), Promise.<String>failed(error("y")))).error().getMessage()).isEqualTo("y");
        assertThat(Promise.allSettled(List.<Promise<String>>of()).value()).isEmpty();
    }

    @Test
    void sequentiallyStartsEachStepAfterThePreviousSettled() {
        List<Promise<String>> started = new ArrayList<>();
        Promise<List<Settled<String>>> done = Promise.sequentially(List.of("one", "two"), item -> {
            Promise<String> p = Promise.pending();
            started.add(p);
            return p;
        });
        assertThat(started).hasSize(1);
        started.get(0).complete("1");
        assertThat(started).hasSize(2);
        started.get(1).fail(error("2 failed"));
        assertThat(done.value()).extracting(Settled::isOk).containsExactly(true, false);
    }
}
