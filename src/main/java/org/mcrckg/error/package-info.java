/** The exceptions' common root, {@link org.mcrckg.error.McrcException}: an error id and a kind. Depends on nothing. */
package org.mcrckg.error;
