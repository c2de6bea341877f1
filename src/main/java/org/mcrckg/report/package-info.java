/** Writers for answers (contract JSON, CSV, a table for people) and atomic output files. */
package org.mcrckg.report;
