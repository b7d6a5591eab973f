/** Image generation. */
package dev.gantry.sdk.images;
