/**
 * The process entry points the {@code bin/} scripts run. Each reads the environment once (home
 * directory, ROCKETMQ_HOME/PETREL_HOME, this host's address), binds its configuration with clear
 * errors, configures logging, starts its node on a {@link io.petrel.real.RealRuntime}, and shuts it
 * down gracefully from a shutdown hook. Only these classes call {@code System.exit}.
 */
package io.petrel.real.main;
