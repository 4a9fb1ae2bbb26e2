/**
 * The plain Java face of Petrel's clients on the real runtime: {@link io.petrel.real.client.PetrelClient}
 * runs one client node (its own loop thread and Netty IO) and hands out blocking producers, push
 * consumers whose listeners run on a pool of consume threads, and lite pull consumers with a
 * blocking {@code poll}. The core clients never block; only this facade waits, and never on the
 * loop. Closing the client stops every thread it started.
 */
package io.petrel.real.client;
