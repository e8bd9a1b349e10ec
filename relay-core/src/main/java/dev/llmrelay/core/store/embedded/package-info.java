/**
 * The embedded store: the in-memory implementations persisted to files in one data directory, for a single
 * relay process. {@link dev.llmrelay.core.store.embedded.EmbeddedStore#open} is its entry point; every other
 * type here is its file format or its writing machinery.
 */
package dev.llmrelay.core.store.embedded;
