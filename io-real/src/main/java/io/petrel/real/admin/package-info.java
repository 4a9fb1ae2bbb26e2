/**
 * Blocking facades over broker-core's asynchronous clients, for command-line tools and Java
 * users: each runs a client node on its own loop in a {@link io.petrel.real.RealRuntime} and
 * waits, with a bound, for results. Blocking is allowed here and nowhere in broker-core.
 */
package io.petrel.real.admin;
