/**
 * Runnable examples of {@link dev.gantry.sdk.GantryClient}, compiled with the tests and run by
 * them: the gateway's {@code SdkExamplesTest} runs each {@code main} unchanged in its own JVM
 * against an embedded Gantry and checks what it prints and does. To try one, point
 * {@code GANTRY_BASE_URL} and {@code GANTRY_API_KEY} at a Gantry and run it from an IDE.
 */
package dev.gantry.sdk.examples;
