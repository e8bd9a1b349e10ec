/**
 * Where accounts, keys and usage live: {@link dev.llmrelay.core.store.RelayStore} groups one backend's
 * implementations of the SPI.
 *
 * <p>{@code memory} holds the thread-safe in-process implementations, each check-and-take under one lock;
 * {@code embedded} wraps them and persists to files in a data directory, so a restart loses nothing.
 */
package dev.llmrelay.core.store;
