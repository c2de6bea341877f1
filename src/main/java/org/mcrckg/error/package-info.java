/** The exceptions' common root, {@link org.mcrckg.error.McrcException}: an error id and a kind; and {@link org.mcrckg.error.TaskResults}, which rethrows a worker's failure as it was thrown. Depends on nothing. */
package org.mcrckg.error;
