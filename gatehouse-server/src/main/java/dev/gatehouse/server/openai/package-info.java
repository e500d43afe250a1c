/**
 * The OpenAI ingress codec: OpenAI wire JSON ⇄ the canonical model, on Jackson's streaming API. The entry points are
 * {@link dev.gatehouse.server.openai.OpenAiWire} and {@link dev.gatehouse.server.openai.SseEncoder}; parsers and
 * writers are package-private.
 */
package dev.gatehouse.server.openai;
