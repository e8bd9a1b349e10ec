/**
 * Outbound proxies per upstream account, with their credentials and without JVM-wide state:
 * {@link dev.llmrelay.core.upstream.proxy.OutboundProxy} parses an account's proxy URL and derives an OkHttp client
 * from the shared one.
 *
 * <ul>
 *   <li>{@code http://} and {@code https://}: OkHttp's own HTTP proxy support, with a per-proxy authenticator for
 *       {@code Proxy-Authorization}; for {@code https://} a socket factory adds TLS to the proxy.</li>
 *   <li>{@code socks5://}: {@link dev.llmrelay.core.upstream.proxy.Socks5SocketFactory}, whose sockets do the SOCKS5
 *       handshake in {@code connect}, and {@link dev.llmrelay.core.upstream.proxy.RemoteDns}, which leaves name
 *       resolution to the proxy.</li>
 * </ul>
 *
 * <p>No message or {@code toString} here holds a proxy password.
 */
package dev.llmrelay.core.upstream.proxy;
