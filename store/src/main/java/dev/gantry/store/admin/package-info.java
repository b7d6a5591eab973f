/**
 * What operators change at run time: versioned routing documents (the providers and models the
 * admin API edits, over the YAML bootstrap) and the audit log of every admin action.
 */
package dev.gantry.store.admin;
