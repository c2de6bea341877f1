/** The picocli command line: a thin layer over the library; only Main.main exits. */
package org.mcrckg.cli;
