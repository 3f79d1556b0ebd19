// VeraCheck: validate PDFs with the veraPDF validation model (PDF/UA-1, PDF/UA-2,
// WTPDF, PDF/A), all files in one JVM.
// Usage: java -cp DIR:JARS VeraCheck [ua1|ua2|wtpdf|a3u|a3a|a2u|auto] FILE.pdf...
// Prints per file "FILE [flavour]: COMPLIANT|NOT compliant, N assertions, M failed rule(s) (T s)"
// and a line "   rule CLAUSE-TEST xCOUNT: message | e.g. context" per failed rule; a file that
// cannot be read prints "FILE [flavour]: ERROR: reason" and the others are still checked.
// Exit status 1 when any file is not compliant or unreadable, 2 on a usage error.
// Installed by setup.sh beside this file (adapted from the veraPDF runner of ../shared/tools).
import java.io.File;
import java.util.*;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.RuleId;

public class VeraCheck {
    public static void main(String[] args) throws Exception {
        Map<String, PDFAFlavour> fl = Map.of(
            "ua1", PDFAFlavour.PDFUA_1, "ua2", PDFAFlavour.PDFUA_2,
            "wtpdf", PDFAFlavour.WTPDF_1_0_ACCESSIBILITY,
            "a3u", PDFAFlavour.PDFA_3_U, "a3a", PDFAFlavour.PDFA_3_A, "a2u", PDFAFlavour.PDFA_2_U,
            "auto", PDFAFlavour.NO_FLAVOUR);
        if (args.length < 1 || !fl.containsKey(args[0])) {
            System.err.println("usage: VeraCheck ua1|ua2|wtpdf|a3u|a3a|a2u|auto FILE.pdf...");
            System.exit(2);
        }
        PDFAFlavour flavour = fl.get(args[0]);
        long t0 = System.nanoTime();
        VeraGreenfieldFoundryProvider.initialise();
        int bad = 0;
        for (int i = 1; i < args.length; i++) {
            long t1 = System.nanoTime();
            try {
                if (!check(args[i], flavour, t1)) bad++;
            } catch (Exception | StackOverflowError e) {
                String reason = String.valueOf(e.getMessage()).replace('\n', ' ');
                System.out.printf("%s [%s]: ERROR: %s: %s%n", args[i], args[0], e.getClass().getSimpleName(), reason);
                bad++;
            }
            System.out.flush();
        }
        System.out.printf("total %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.exit(bad > 0 ? 1 : 0);
    }

    static boolean check(String path, PDFAFlavour flavour, long t1) throws Exception {
        try (VeraPDFFoundry foundry = Foundries.defaultInstance();
             PDFAParser parser = flavour == PDFAFlavour.NO_FLAVOUR
                 ? foundry.createParser(new File(path))
                 : foundry.createParser(new File(path), flavour)) {
            PDFAFlavour f = flavour == PDFAFlavour.NO_FLAVOUR ? parser.getFlavour() : flavour;
            PDFAValidator validator = foundry.createValidator(f, false);
            ValidationResult r = validator.validate(parser);
            // failed rules with counts, and one example of each
            TreeMap<String, Integer> failed = new TreeMap<>();
            TreeMap<String, String> desc = new TreeMap<>();
            for (TestAssertion a : r.getTestAssertions()) {
                if (a.getStatus() == TestAssertion.Status.FAILED) {
                    RuleId id = a.getRuleId();
                    String key = id.getClause() + "-" + id.getTestNumber();
                    failed.merge(key, 1, Integer::sum);
                    desc.putIfAbsent(key, a.getMessage() + " | e.g. " + a.getLocation().getContext());
                }
            }
            for (Map.Entry<RuleId, Integer> e : r.getFailedChecks().entrySet()) {
                String key = e.getKey().getClause() + "-" + e.getKey().getTestNumber();
                failed.put(key, e.getValue());
            }
            System.out.printf("%s [%s]: %s, %d assertions, %d failed rule(s) (%.1f s)%n",
                path, f.getId(), r.isCompliant() ? "COMPLIANT" : "NOT compliant",
                r.getTotalAssertions(), failed.size(), (System.nanoTime() - t1) / 1e9);
            for (Map.Entry<String, Integer> e : failed.entrySet()) {
                String d = desc.getOrDefault(e.getKey(), "").replace('\n', ' ');
                System.out.printf("   rule %s x%d: %s%n", e.getKey(), e.getValue(),
                    d.length() > 260 ? d.substring(0, 260) + "..." : d);
            }
            return r.isCompliant();
        }
    }
}
