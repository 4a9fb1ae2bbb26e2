/**
 * The broker's side of the NameServer protocol: register with every NameServer at start, every
 * {@code registerNameServerPeriod} and promptly after topic changes, and unregister at shutdown.
 * A NameServer that is down or slow only delays its own registration; the others are unaffected.
 */
package io.petrel.broker.registration;
