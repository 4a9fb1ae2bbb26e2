/**
 * Benchmarks whose figures go into REPORT.md. Each prints {@code name: value} lines and is run by
 * {@code bin/bench}; the report quotes the command next to each figure.
 */
package io.petrel.bench;
