/**
 * The relay's SPI: the four replaceable parts ({@link dev.llmrelay.api.account.AccountPool},
 * {@link dev.llmrelay.api.key.KeyPolicy}, {@link dev.llmrelay.api.usage.UsageMeter},
 * {@link dev.llmrelay.api.protocol.ProtocolTranslator}) and the immutable values they speak.
 *
 * <p>Every check-and-take (an account choice with its concurrency slot, a key's limits) is one call, so a
 * store can make it atomic: a lock in memory, one Lua script in Redis.
 */
package dev.llmrelay.api;
