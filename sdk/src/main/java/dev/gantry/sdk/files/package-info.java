/** Files ({@code /v1/files}): streamed multipart uploads for fine-tuning, list, get, content, delete. */
package dev.gantry.sdk.files;
