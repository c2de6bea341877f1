package org.mcrckg.patient;

/**
 * One data error of the contract: the record cannot be read as written. The id is stable
 * ({@code data#out-of-range}); README lists every id with its meaning.
 *
 * @param errorId stable id
 * @param location file, line and JSON path or subject
 * @param field the field concerned, or null for a whole-file problem
 * @param message what is wrong and what is allowed
 */
public record DataError(String errorId, SourceLocation location, String field, String message) {
    @Override
    public String toString() {
        return location + (field == null ? "" : ": field " + field) + ": " + message + " [" + errorId + "]";
    }
}
