/**
 * Typed configuration bound from RocketMQ-style {@code .properties} files through one registry of
 * keys per component: each key has a name (RocketMQ's spelling), aliases (including RocketMQ's
 * misspellings such as {@code mapedFileSizeCommitLog}), a type, a default, a validator, a line of
 * documentation, and whether {@code -m} shows it. Unknown keys produce warnings (errors in strict
 * mode); a bad value stops start-up with a message naming the key and the value.
 *
 * <p>One shape for every component (docs/architecture.md §9): {@code <Component>Config} is a record of
 * the typed values whose static constants are the component's keys, with its {@code REGISTRY} and a
 * {@code from(ConfigValues)} that checks the rules across fields ({@code NamesrvConfig},
 * {@code BrokerConfig}, {@code StoreConfig}, {@code HaConfig}); {@code <Component>RuntimeConfig} is the
 * only way to change one while its node runs ({@code BrokerRuntimeConfig}, {@code NamesrvRuntimeConfig});
 * keys shared by components with no record of their own are a {@code <Topic>Keys} class ({@code MetricsKeys}).
 * This package holds the machinery they share, and knows none of them.
 *
 * <p>Pure and deterministic: values that depend on the machine (home directory, host address)
 * come from a {@link io.petrel.config.ConfigContext} that the io-real main fills in once.
 */
package io.petrel.config;
