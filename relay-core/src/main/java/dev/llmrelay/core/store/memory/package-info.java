/**
 * The in-process implementations of the SPI: thread-safe, time from an injected {@code Clock}, state lost at
 * exit unless a store around them (the embedded one) persists it.
 */
package dev.llmrelay.core.store.memory;
