/** JMH benchmarks; run through {@code bin/bench}, which prints their scores as {@code name: value} lines. */
package io.petrel.bench.jmh;
