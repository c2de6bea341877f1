/** The mcrc-kg toolkit. {@link org.mcrckg.Mcrc} is the Java API: load the ontology once, classify records or files, read typed answers. */
package org.mcrckg;
