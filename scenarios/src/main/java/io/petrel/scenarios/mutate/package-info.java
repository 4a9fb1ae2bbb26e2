/**
 * The mutation campaign ({@code bin/mutate}, issue 24): a catalogue of small semantic bugs in the
 * product code and a runner that plants each in turn (the one mutated file compiled over the
 * product's classes, first on a fresh JVM's classpath) and runs a short fuzz campaign against it.
 * A mutant no campaign kills is a blind spot of the checker, to be closed with a new rule, or a
 * change no run can observe, which its catalogue entry explains. Uses threads and processes:
 * it drives campaigns, it is not part of a simulation.
 */
package io.petrel.scenarios.mutate;
