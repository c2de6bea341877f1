/** The only place HermiT is created. Engines that ask it about patients, and the three-valued answers built from what it proves. */
package org.mcrckg.reasoning;
