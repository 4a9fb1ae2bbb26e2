/** What {@code bin/quickstart} runs. */
package io.petrel.quickstart;
