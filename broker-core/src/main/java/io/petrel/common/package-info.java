/**
 * Small value types and helpers shared by every component of broker-core: for now the always-on
 * invariant checks ({@link io.petrel.common.Check}).
 *
 * <p>May use only the JDK and {@code io.petrel.env}. Holds no state, so a crash does nothing to it.
 */
package io.petrel.common;
