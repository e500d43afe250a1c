/**
 * The OpenAI-compatible HTTP listener. Public API: {@link dev.gatehouse.server.GatewayServer} and
 * {@link dev.gatehouse.server.ServerSettings}; everything else is package-private. A request's whole path is
 * {@code ApiHandler}: request id → route → body (bounded) → ingress codec → {@code Gateway.handle} → response, with
 * every failure turned into status and body by {@code ErrorMapping}, the one error switch.
 */
package dev.gatehouse.server;
