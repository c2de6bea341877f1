/** Answer types: one answer per patient and procedure key, with the rules, evidence and missing fields behind it. */
package org.mcrckg.answer;
