/**
 * Media that Gantry handles itself on a client's behalf.
 *
 * <ul>
 *   <li>{@link dev.gantry.adapters.media.ImageFetcher}: downloads remote image URLs for providers
 *       that only accept bytes, guarded against SSRF (https only, public addresses only, pinned to
 *       the vetted address, re-vetted redirects, size cap, deadline, content-type and magic-byte
 *       checks), and resolves a whole chat request's images, a few at a time.
 *   <li>{@link dev.gantry.adapters.media.ImageInliner}: finds a request's remote images and swaps
 *       them for fetched bytes (pure).
 *   <li>{@link dev.gantry.adapters.media.AddressClass}: which kind of network an IP address is
 *       on (pure).
 *   <li>{@link dev.gantry.adapters.media.HostResolver}: non-blocking name resolution, by default
 *       the system resolver on a worker executor.
 * </ul>
 */
package dev.gantry.adapters.media;
