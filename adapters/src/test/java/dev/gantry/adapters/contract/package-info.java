/**
 * The provider contract suite, published in the adapters test-jar:
 * {@link dev.gantry.adapters.contract.ProviderContractTest} runs the same behavioural tests on every
 * provider adapter, each against its own fake upstream, from the capabilities it declares.
 */
package dev.gantry.adapters.contract;
