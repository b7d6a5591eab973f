/**
 * The canonical, provider-neutral model: what every adapter translates to and from, and what every
 * policy works on. OpenAI-shaped but normalized (one content form, one max-tokens field). Records
 * only, no wire annotations; optional scalars are {@code null} when the client did not set them,
 * lists are never null. Unknown client fields travel in {@code extensions} for pass-through.
 */
package dev.gantry.adapters.model;
