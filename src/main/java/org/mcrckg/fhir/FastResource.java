package org.mcrckg.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A fast reader for the plain shapes of the resources the mapping reads, straight from JSON tokens
 * into HAPI's model, so that {@link FhirMapping} reads them unchanged. HAPI's parser (about 45 µs
 * of CPU per resource with its start-up and garbage, against a few here) stays the reader, and
 * the judge, of everything else: this one answers null, and HAPI reads the resource, whenever it
 * meets anything it does not vouch for — an element it does not know (extensions, text, meta other
 * than profiles, identifiers other than system and value, other choice types), a repeated key, a JSON type other than the
 * element's, an empty object, array or string, a string with outer spaces, a code outside the
 * element's value set, an invalid date or number. What it accepts is therefore exactly what HAPI reads without a complaint,
 * built with the same HAPI primitive types from the same text, and its errors (none; the mapping's
 * come after) cannot differ. FhirFastPathTest holds both readers to the same records and errors.
 * One instance per thread: it keeps a small cache of parsed dates.
 */
final class FastResource {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Bulk exports repeat a few dates many times over; HAPI's date parsing is the costliest step left. */
    private final Map<String, DateTimeType> dateTimes = new HashMap<>();
    private final Map<String, DateType> dates = new HashMap<>();

    /** Thrown (without a stack trace) when the resource is not one this reader vouches for. */
    private static final class GiveUp extends RuntimeException {
        GiveUp() { super(null, null, false, false); }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    /** The resource, or null when HAPI must read it. */
    Resource read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            // writers put resourceType first; a resource that does not is left to HAPI
            if (p.nextToken() != JsonToken.FIELD_NAME || !"resourceType".equals(p.currentName())) return null;
            if (p.nextToken() != JsonToken.VALUE_STRING) return null;
            Resource r = switch (p.getText()) {
                case "Observation" -> observation(p);
                case "Condition" -> condition(p);
                case "Procedure" -> procedure(p);
                case "Patient" -> patient(p);
                case "MedicationRequest" -> medicationRequest(p);
                default -> null;
            };
            if (r == null || p.nextToken() != null) return null;
            return r;
        } catch (IOException | RuntimeException e) {
            return null;  // GiveUp, malformed JSON, a value HAPI's types refuse: HAPI reads it and reports what it finds
        }
    }

    // ---- resources ---------------------------------------------------------------------------

    private Observation observation(JsonParser p) throws IOException {
        Observation o = new Observation();
        long seen = 0;
        boolean value = false;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) {
                case "id" -> 0; case "meta" -> 1; case "status" -> 2; case "category" -> 3; case "code" -> 4; case "subject" -> 5;
                case "focus" -> 6; case "effectiveDateTime" -> 7; case "issued" -> 8;
                case "valueInteger", "valueQuantity", "valueCodeableConcept", "valueBoolean", "valueString" -> 9;
                case "component" -> 10; case "identifier" -> 11; case "encounter" -> 12; case "performer" -> 13;
                default -> throw GIVE_UP;
            };
            seen = once(seen, bit);
            next(p);
            switch (k) {
                case "id" -> o.setId(id(p));
                case "identifier" -> array(p, () -> o.addIdentifier(identifier(p)));
                case "encounter" -> o.setEncounter(reference(p));
                case "performer" -> array(p, () -> o.addPerformer(reference(p)));
                case "meta" -> meta(p);
                case "status" -> o.setStatus(Observation.ObservationStatus.fromCode(string(p)));
                case "category" -> array(p, () -> o.addCategory(codeableConcept(p)));
                case "code" -> o.setCode(codeableConcept(p));
                case "subject" -> o.setSubject(reference(p));
                case "focus" -> array(p, () -> o.addFocus(reference(p)));
                case "effectiveDateTime" -> o.setEffective(dateTime(p));
                case "issued" -> o.setIssuedElement(new InstantType(string(p)));
                case "component" -> array(p, () -> component(p, o.addComponent()));
                default -> o.setValue(value(p, k));
            }
        }
        return o;
    }

    private void component(JsonParser p, Observation.ObservationComponentComponent c) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) {
                case "code" -> 0;
                case "valueInteger", "valueQuantity", "valueCodeableConcept", "valueBoolean", "valueString" -> 1;
                default -> throw GIVE_UP;
            };
            seen = once(seen, bit);
            next(p);
            if (bit == 0) c.setCode(codeableConcept(p));
            else c.setValue(value(p, k));
        }
        nonEmpty(seen);
    }

    private Condition condition(JsonParser p) throws IOException {
        Condition c = new Condition();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) {
                case "id" -> 0; case "meta" -> 1; case "clinicalStatus" -> 2; case "verificationStatus" -> 3; case "category" -> 4;
                case "code" -> 5; case "bodySite" -> 6; case "subject" -> 7; case "onsetDateTime" -> 8; case "recordedDate" -> 9;
                case "identifier" -> 10; case "encounter" -> 11;
                default -> throw GIVE_UP;
            };
            seen = once(seen, bit);
            next(p);
            switch (k) {
                case "id" -> c.setId(id(p));
                case "identifier" -> array(p, () -> c.addIdentifier(identifier(p)));
                case "encounter" -> c.setEncounter(reference(p));
                case "meta" -> meta(p);
                case "clinicalStatus" -> c.setClinicalStatus(codeableConcept(p));
                case "verificationStatus" -> c.setVerificationStatus(codeableConcept(p));
                case "category" -> array(p, () -> c.addCategory(codeableConcept(p)));
                case "code" -> c.setCode(codeableConcept(p));
                case "bodySite" -> array(p, () -> c.addBodySite(codeableConcept(p)));
                case "subject" -> c.setSubject(reference(p));
                case "onsetDateTime" -> c.setOnset(dateTime(p));
                default -> c.setRecordedDateElement(dateTime(p));
            }
        }
        return c;
    }

    private Procedure procedure(JsonParser p) throws IOException {
        Procedure r = new Procedure();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) {
                case "id" -> 0; case "meta" -> 1; case "status" -> 2; case "category" -> 3; case "code" -> 4; case "subject" -> 5;
                case "performedDateTime" -> 6; case "identifier" -> 7; case "encounter" -> 8;
                default -> throw GIVE_UP;
            };
            seen = once(seen, bit);
            next(p);
            switch (k) {
                case "id" -> r.setId(id(p));
                case "identifier" -> array(p, () -> r.addIdentifier(identifier(p)));
                case "encounter" -> r.setEncounter(reference(p));
                case "meta" -> meta(p);
                case "status" -> r.setStatus(Procedure.ProcedureStatus.fromCode(string(p)));
                case "category" -> r.setCategory(codeableConcept(p));
                case "code" -> r.setCode(codeableConcept(p));
                case "subject" -> r.setSubject(reference(p));
                default -> r.setPerformed(dateTime(p));
            }
        }
        return r;
    }

    private MedicationRequest medicationRequest(JsonParser p) throws IOException {
        MedicationRequest m = new MedicationRequest();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) {
                case "id" -> 0; case "meta" -> 1; case "status" -> 2; case "intent" -> 3; case "medicationCodeableConcept" -> 4;
                case "subject" -> 5; case "authoredOn" -> 6; case "identifier" -> 7; case "encounter" -> 8; case "requester" -> 9;
                default -> throw GIVE_UP;
            };
            seen = once(seen, bit);
            next(p);
            switch (k) {
                case "id" -> m.setId(id(p));
                case "identifier" -> array(p, () -> m.addIdentifier(identifier(p)));
                case "encounter" -> m.setEncounter(reference(p));
                case "requester" -> m.setRequester(reference(p));
                case "meta" -> meta(p);
                case "status" -> m.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(string(p)));
                case "intent" -> m.setIntent(MedicationRequest.MedicationRequestIntent.fromCode(string(p)));
                case "medicationCodeableConcept" -> m.setMedication(codeableConcept(p));
                case "subject" -> m.setSubject(reference(p));
                default -> m.setAuthoredOnElement(dateTime(p));
            }
        }
        return m;
    }

    private Patient patient(JsonParser p) throws IOException {
        Patient r = new Patient();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) {
                case "id" -> 0; case "meta" -> 1; case "gender" -> 2; case "birthDate" -> 3;
                default -> throw GIVE_UP;
            };
            seen = once(seen, bit);
            next(p);
            switch (k) {
                case "id" -> r.setId(id(p));
                case "meta" -> meta(p);
                case "gender" -> r.setGender(Enumerations.AdministrativeGender.fromCode(string(p)));
                default -> r.setBirthDateElement(date(p));
            }
        }
        return r;
    }

    // ---- data types --------------------------------------------------------------------------

    private static CodeableConcept codeableConcept(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        CodeableConcept cc = new CodeableConcept();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) { case "coding" -> 0; case "text" -> 1; default -> throw GIVE_UP; };
            seen = once(seen, bit);
            next(p);
            if (bit == 0) array(p, () -> cc.addCoding(coding(p)));
            else cc.setText(string(p));
        }
        nonEmpty(seen);
        return cc;
    }

    private static Coding coding(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        Coding c = new Coding();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) { case "system" -> 0; case "code" -> 1; case "display" -> 2; default -> throw GIVE_UP; };
            seen = once(seen, bit);
            next(p);
            switch (bit) {
                case 0 -> c.setSystem(string(p));
                case 1 -> c.setCode(string(p));
                default -> c.setDisplay(string(p));
            }
        }
        nonEmpty(seen);
        return c;
    }

    private static Reference reference(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        Reference r = new Reference();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) { case "reference" -> 0; case "display" -> 1; default -> throw GIVE_UP; };
            seen = once(seen, bit);
            next(p);
            if (bit == 0) r.setReference(string(p));
            else r.setDisplay(string(p));
        }
        nonEmpty(seen);
        return r;
    }

    /** An identifier with a system and a value only (use, type, period: HAPI reads it). */
    private static Identifier identifier(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        Identifier id = new Identifier();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) { case "system" -> 0; case "value" -> 1; default -> throw GIVE_UP; };
            seen = once(seen, bit);
            next(p);
            if (bit == 0) id.setSystem(string(p));
            else id.setValue(string(p));
        }
        nonEmpty(seen);
        return id;
    }

    private static Quantity quantity(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        Quantity q = new Quantity();
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            int bit = switch (k) { case "value" -> 0; case "unit" -> 1; case "system" -> 2; case "code" -> 3; default -> throw GIVE_UP; };
            seen = once(seen, bit);
            next(p);
            switch (bit) {
                case 0 -> q.setValueElement(decimal(p));
                case 1 -> q.setUnit(string(p));
                case 2 -> q.setSystem(string(p));
                default -> q.setCode(string(p));
            }
        }
        nonEmpty(seen);
        return q;
    }

    private static Type value(JsonParser p, String key) throws IOException {
        return switch (key) {
            case "valueInteger" -> {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw GIVE_UP;
                yield new IntegerType(p.getText());
            }
            case "valueBoolean" -> {
                JsonToken t = p.currentToken();
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) throw GIVE_UP;
                yield new BooleanType(t == JsonToken.VALUE_TRUE);
            }
            case "valueString" -> new StringType(string(p));
            case "valueQuantity" -> quantity(p);
            default -> codeableConcept(p);
        };
    }

    /** A decimal as JSON writes it plainly (no exponent), built from its text as HAPI builds it. */
    private static DecimalType decimal(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) throw GIVE_UP;
        String s = p.getText();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0)) throw GIVE_UP;
        }
        return new DecimalType(s);
    }

    /** A FHIR id: 1 to 64 of A-Z a-z 0-9 - . (HAPI reads others differently, or complains). */
    private static String id(JsonParser p) throws IOException {
        String s = string(p);
        if (s.length() > 64) throw GIVE_UP;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) throw GIVE_UP;
        }
        return s;
    }

    /** meta with profiles only: nothing the mapping reads, but common in mCODE exports. */
    private static void meta(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        long seen = 0;
        while (next(p) == JsonToken.FIELD_NAME) {
            if (!p.currentName().equals("profile")) throw GIVE_UP;
            seen = once(seen, 0);
            next(p);
            array(p, () -> string(p));
        }
        nonEmpty(seen);
    }

    private DateTimeType dateTime(JsonParser p) throws IOException {
        // shared between resources: the mapping only reads them
        return cached(dateTimes, string(p), DateTimeType::new);
    }

    private DateType date(JsonParser p) throws IOException {
        return cached(dates, string(p), DateType::new);
    }

    private static <T> T cached(Map<String, T> cache, String text, Function<String, T> parse) {
        T v = cache.get(text);
        if (v == null) {
            v = parse.apply(text);  // throws on an invalid date: HAPI reads the resource and reports it
            if (cache.size() > 4096) cache.clear();
            cache.put(text, v);
        }
        return v;
    }

    /** A non-empty JSON string without outer white space (HAPI trims some types and complains of empty values). */
    private static String string(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) throw GIVE_UP;
        String s = p.getText();
        if (s.isEmpty() || blank(s.charAt(0)) || blank(s.charAt(s.length() - 1))) throw GIVE_UP;
        return s;
    }

    private static boolean blank(char c) { return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c); }

    private interface Item { void read() throws IOException; }

    /** A non-empty array, each item read by {@code item} from its first token. */
    private static void array(JsonParser p, Item item) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        int n = 0;
        while (next(p) != JsonToken.END_ARRAY) {
            item.read();
            n++;
        }
        if (n == 0) throw GIVE_UP;
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw GIVE_UP;
        return t;
    }

    private static void expect(JsonParser p, JsonToken t) {
        if (p.currentToken() != t) throw GIVE_UP;
    }

    /** An empty object ({}): HAPI may drop it or keep it empty; not a plain shape. */
    private static void nonEmpty(long seen) {
        if (seen == 0) throw GIVE_UP;
    }

    private static long once(long seen, int bit) {
        if ((seen & (1L << bit)) != 0) throw GIVE_UP;
        return seen | (1L << bit);
    }
}
