/** The admin API: aliases, providers and deployments, keys, teams, usage, limits, audit. */
package dev.gantry.sdk.admin;
