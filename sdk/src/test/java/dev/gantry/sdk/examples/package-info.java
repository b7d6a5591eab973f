/**
 * Runnable examples of {@link dev.gantry.sdk.GantryClient} (compiled with the tests so they stay
 * true to the API; not run by them). Each has a {@code main}; point {@code GANTRY_BASE_URL} and
 * {@code GANTRY_API_KEY} at a Gantry and run it from an IDE.
 */
package dev.gantry.sdk.examples;
