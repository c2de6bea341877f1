/** Synthetic cohorts in the contract's CSV format, for benchmarks and equivalence tests. */
package org.mcrckg.generate;
