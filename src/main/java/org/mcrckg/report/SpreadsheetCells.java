package org.mcrckg.report;

import java.util.regex.Pattern;

/**
 * CSV cells that a spreadsheet cannot run. Excel, LibreOffice and Google Sheets treat a cell that
 * starts with {@code = + - @} (or a tab or carriage return before them) as a formula, so a
 * patient id such as {@code =HYPERLINK("http://…?"&A2,"x")} in a CSV export could send data away
 * or run commands when a user opens the file. As OWASP recommends (CSV Injection), such a cell is
 * written with a single quote in front, which spreadsheets show as text and do not evaluate. A
 * plain number ({@code -3}, {@code +1.5e3}) is not a formula and is left alone.
 */
public final class SpreadsheetCells {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private SpreadsheetCells() {}

    /** Whether a spreadsheet could read the cell as a formula. */
    public static boolean risky(String cell) {
        if (cell == null || cell.isEmpty()) return false;
        char c = cell.charAt(0);
        boolean trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return trigger && !NUMBER.matcher(cell).matches();
    }

    /** The cell, with a single quote in front when a spreadsheet could read it as a formula. */
    public static String neutralise(String cell) {
        return risky(cell) ? "'" + cell : cell;
    }
}
