/**
 * A typed Java client for Gantry and any OpenAI-compatible server. {@link dev.gantry.sdk.GantryClient}
 * is the entry point; errors are {@link dev.gantry.sdk.GantryException}s, and every response
 * carries its {@link dev.gantry.sdk.GantryHeaders}. Depends only on {@code java.net.http} and
 * Jackson.
 */
package dev.gantry.sdk;
