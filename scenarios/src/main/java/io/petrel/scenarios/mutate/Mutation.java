package io.petrel.scenarios.mutate;

import java.util.List;

/**
 * One small semantic change to Petrel's product code: in {@code file} (under broker-core's
 * sources), the one occurrence of {@code find} becomes {@code replace}. A fuzz campaign against the
 * mutant should report a violation (the mutant is killed); one that survives shows a blind spot of
 * the checker, unless the change cannot be observed ({@code equivalentBecause} says why).
 *
 * @param id short kebab-case name, unique in the catalogue
 * @param area the part of the system: store, broker, namesrv, client, ha
 * @param what the bug the change plants, in a few words
 * @param seeds scenarios to run before the campaign (those that once found a bug nearby); may be empty
 * @param faults the campaign runs only plans that inject one of these (FaultType names); empty: any plan
 * @param equivalentBecause why no run can tell the mutant from the product, or null
 * @param allowedBecause for a mutant that survives: why what it changes is still within every promise
 *     the checker judges (so no rule could kill it without a stronger promise), or null
 */
public record Mutation(String id, String area, String what, String file, String find, String replace,
        List<String> seeds, List<String> faults, String equivalentBecause, String allowedBecause) {

    public Mutation {
        seeds = List.copyOf(seeds);
        faults = List.copyOf(faults);
    }

    static Mutation of(String id, String area, String what, String file, String find, String replace) {
        return new Mutation(id, area, what, file, find, replace, List.of(), List.of(), null, null);
    }

    Mutation withSeeds(String... regressionSeeds) {
        return new Mutation(id, area, what, file, find, replace, List.of(regressionSeeds), faults, equivalentBecause,
                allowedBecause);
    }

    /** The path the mutant breaks runs only under these faults: its campaign runs only plans that inject one. */
    Mutation under(String... faultTypes) {
        return new Mutation(id, area, what, file, find, replace, seeds, List.of(faultTypes), equivalentBecause,
                allowedBecause);
    }

    Mutation equivalent(String because) {
        return new Mutation(id, area, what, file, find, replace, seeds, faults, because, allowedBecause);
    }

    /** Why this mutant's survival is no blind spot (it still runs, and still counts as survived). */
    Mutation allowed(String because) {
        return new Mutation(id, area, what, file, find, replace, seeds, faults, equivalentBecause, because);
    }

    /** The mutated source, or a problem naming why the catalogue entry no longer fits the code. */
    String apply(String source) {
        int at = source.indexOf(find);
        if (at < 0) {
            throw new IllegalStateException(id + ": '" + find + "' is not in " + file + " any more; update the catalogue");
        }
        if (source.indexOf(find, at + 1) >= 0) {
            throw new IllegalStateException(id + ": '" + find + "' occurs more than once in " + file);
        }
        return source.substring(0, at) + replace + source.substring(at + find.length());
    }
}
