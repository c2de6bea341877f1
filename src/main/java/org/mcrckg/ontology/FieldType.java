package org.mcrckg.ontology;

/** How a record field is written down; read from the range of its data property. */
public enum FieldType {
    INTEGER("xsd:integer"), DECIMAL("xsd:decimal"), BOOLEAN("xsd:boolean"), WORD("one of the listed words"), TEXT("xsd:string");

    private final String description;

    FieldType(String description) { this.description = description; }

    public String description() { return description; }
}
