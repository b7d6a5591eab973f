/** Models ({@code /v1/models}) and Gantry's token counter ({@code /gantry/v1/tokenize}). */
package dev.gantry.sdk.models;
