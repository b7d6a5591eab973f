/**
 * Routing: which deployment serves a call. Today an alias is served by its first healthy deployment
 * (one that has not failed retryably within its cool-down); weighted balancing, retries and
 * fallbacks arrive with the routing issue.
 */
package dev.gantry.policies.routing;
