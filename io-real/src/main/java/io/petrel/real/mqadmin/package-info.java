/**
 * Petrel's {@code mqadmin}: RocketMQ's command names, option letters and output, on Petrel's
 * admin client. Each command parses its options into a typed request, calls the client through a
 * {@link io.petrel.real.admin.BlockingAdmin}, and hands the result to a renderer that writes to
 * the given stream; renderers are pure and pinned by golden files. Commands read nothing from the
 * environment: {@link io.petrel.real.mqadmin.MqAdminContext} carries what the main read.
 */
package io.petrel.real.mqadmin;
