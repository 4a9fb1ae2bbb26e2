/**
 * Typed configuration bound from RocketMQ-style {@code .properties} files through one registry of
 * keys per component: each key has a name (RocketMQ's spelling), aliases (including RocketMQ's
 * misspellings such as {@code mapedFileSizeCommitLog}), a type, a default, a validator, a line of
 * documentation, and whether {@code -m} shows it. Unknown keys produce warnings (errors in strict
 * mode); a bad value stops start-up with a message naming the key and the value.
 *
 * <p>Pure and deterministic: values that depend on the machine (home directory, host address)
 * come from a {@link io.petrel.config.ConfigContext} that the io-real main fills in once.
 */
package io.petrel.config;
