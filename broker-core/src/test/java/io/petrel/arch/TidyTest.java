package io.petrel.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The style rules a reviewer would otherwise have to enforce by eye, as a test over every module's
 * sources (TigerBeetle's tidy check): no line longer than {@value #MAX_LINE} characters, no method,
 * constructor or initialiser body longer than {@value #MAX_METHOD_LINES} lines (STYLE.md: aim for 40),
 * main and test code alike, a {@code package-info.java} in every package of main code, saying what the
 * package owns, and no type spelled out inline where an import would do. The
 * layering inside broker-core is {@link CoreArchitectureTest}'s.
 */
class TidyTest {

    static final int MAX_LINE = 140;
    static final int MAX_METHOD_LINES = 70;
    private static final List<String> MODULES = List.of("broker-core", "io-sim", "io-real", "scenarios", "cluster-runner");
    private static final Path ROOT = Path.of("..");

    @Test
    void noLineIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : javaFiles("main", "test")) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > MAX_LINE) {
                    tooLong.add(ROOT.relativize(file) + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                }
            }
        }
        assertThat(tooLong).as("lines over %d characters", MAX_LINE).isEmpty();
    }

    @Test
    void noMethodIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        int bodies = 0;
        for (Path file : javaFiles("main", "test")) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            bodies += MethodExtents.of(source).size();
            tooLong.addAll(longMethods(ROOT.relativize(file).toString(), source));
        }
        assertThat(bodies).as("bodies measured").isGreaterThan(5000);
        assertThat(tooLong).as("method bodies over %d lines", MAX_METHOD_LINES).isEmpty();
    }

    /**
     * The bodies in {@code source} longer than the limit, each as {@code where:line name (lines)}. A body's
     * length is the lines from its opening brace to its closing one, both included, as {@link MethodExtents}
     * finds them.
     */
    static List<String> longMethods(String where, String source) {
        return MethodExtents.of(source).stream().filter(e -> e.lines() > MAX_METHOD_LINES)
                .map(e -> where + ":" + e.firstLine() + " " + e.name() + " (" + e.lines() + ")").toList();
    }

    @Test
    void theMethodLengthRuleRefusesABodyOneLineOverTheLimit() {
        assertThat(longMethods("Sample.java", sampleWithBodyOf(MAX_METHOD_LINES))).isEmpty();
        assertThat(longMethods("Sample.java", sampleWithBodyOf(MAX_METHOD_LINES + 1)))
                .containsExactly("Sample.java:2 run (" + (MAX_METHOD_LINES + 1) + ")");
    }

    /** A class whose one method's body spans {@code lines} lines, braces included, with braces in a string. */
    private static String sampleWithBodyOf(int lines) {
        StringBuilder source = new StringBuilder("class Sample {\n    void run() {\n");
        for (int i = 0; i < lines - 2; i++) {
            source.append("        log(\"} step ").append(i).append("\");\n");
        }
        return source.append("    }\n}\n").toString();
    }

    @Test
    void everyMainPackageSaysWhatItOwns() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : javaFiles("main")) {
            Path dir = file.getParent();
            if (!Files.exists(dir.resolve("package-info.java")) && !missing.contains(ROOT.relativize(dir).toString())) {
                missing.add(ROOT.relativize(dir).toString());
            }
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    /**
     * A type is named by its simple name and imported, not spelled out inline ({@code
     * java.util.function.LongConsumer} in the middle of a field), unless that simple name is taken
     * in the file: imported from another package, declared there, or a class of the file's own
     * package (Petrel's {@code RemotingCommand} beside the official client's in a compatibility test).
     * Comments, string literals and text blocks are not code.
     */
    @Test
    void noTypeIsSpelledOutInlineUnlessItsSimpleNameIsTaken() throws IOException {
        Map<String, Set<String>> packages = new HashMap<>();
        Map<Path, String> sources = new LinkedHashMap<>();
        for (Path file : javaFiles("main", "test")) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            sources.put(file, source);
            packages.computeIfAbsent(packageOf(source), k -> new HashSet<>())
                    .add(file.getFileName().toString().replace(".java", ""));
        }
        List<String> inline = new ArrayList<>();
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            Path file = e.getKey();
            String source = e.getValue();
            String pkg = packageOf(source);
            Map<String, String> imports = new HashMap<>();
            Matcher im = IMPORT.matcher(source);
            while (im.find()) {
                imports.put(im.group(2), im.group(1) + "." + im.group(2));
            }
            Set<String> declared = new HashSet<>();
            Matcher dm = DECLARATION.matcher(source);
            while (dm.find()) {
                declared.add(dm.group(1));
            }
            List<String> lines = codeLines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = INLINE_TYPE.matcher(lines.get(i));
                while (m.find()) {
                    String typePackage = m.group(1).substring(0, m.group(1).length() - 1);
                    String simple = m.group(2);
                    String full = typePackage + "." + simple;
                    boolean taken = imports.containsKey(simple) && !imports.get(simple).equals(full)
                            || declared.contains(simple) && !typePackage.equals(pkg)
                            || packages.getOrDefault(pkg, Set.of()).contains(simple) && !typePackage.equals(pkg)
                            || JAVA_LANG.contains(simple) && !typePackage.equals("java.lang");
                    if (!taken) {
                        inline.add(ROOT.relativize(file) + ":" + (i + 1) + " " + full);
                    }
                }
            }
        }
        assertThat(inline).as("types spelled out inline instead of imported").isEmpty();
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+([\\w.]+)\\.([A-Z]\\w*);");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
    private static final Pattern INLINE_TYPE = Pattern.compile(
            "(?<![\\w.@\"])((?:java|javax|jdk|io|org|com|net|picocli)\\.(?:[a-z_][a-z0-9_]*\\.)*)([A-Z][A-Za-z0-9_]*)");
    private static final Pattern LITERAL = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");
    private static final Set<String> JAVA_LANG = Set.of("Override", "String", "Object", "Integer", "Long", "Boolean",
            "Thread", "Exception", "Runtime", "System", "Math", "Character", "Byte", "Short", "Double", "Float", "Void",
            "Record", "Enum", "Iterable", "Comparable", "Runnable", "Error", "Process", "Module", "Package", "Class",
            "Deprecated", "SafeVarargs", "FunctionalInterface", "Throwable", "Number", "StringBuilder");

    /**
     * The lines of {@code source} with what is not code blanked: package and import lines, comments,
     * text blocks, and the insides of string and character literals. Line numbers stay.
     */
    private static List<String> codeLines(String source) {
        List<String> out = new ArrayList<>();
        boolean inComment = false;
        boolean inTextBlock = false;
        for (String line : source.split("\n", -1)) {
            String t = line.strip();
            if (countOf(line, "\"\"\"") % 2 == 1) {
                inTextBlock = !inTextBlock;
                out.add("");
            } else if (inTextBlock) {
                out.add("");
            } else if (inComment) {
                inComment = !t.contains("*/");
                out.add("");
            } else if (t.startsWith("/*")) {
                inComment = !t.contains("*/");
                out.add("");
            } else if (t.startsWith("import ") || t.startsWith("package ") || t.startsWith("*") || t.startsWith("//")) {
                out.add("");
            } else {
                String masked = LITERAL.matcher(line).replaceAll("\"\"");
                int comment = masked.indexOf("//");
                out.add(comment < 0 ? masked : masked.substring(0, comment));
            }
        }
        return out;
    }

    private static int countOf(String line, String part) {
        int n = 0;
        for (int at = line.indexOf(part); at >= 0; at = line.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    private static String packageOf(String source) {
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void theRulesSeeTheWholeRepository() throws IOException {
        assertThat(javaFiles("main")).as("main sources found").hasSizeGreaterThan(300);
        assertThat(javaFiles("test")).as("test sources found").hasSizeGreaterThan(150);
    }

    private static List<Path> javaFiles(String... sourceSets) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            for (String set : sourceSets) {
                Path dir = ROOT.resolve(module).resolve("src").resolve(set).resolve("java");
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }
}
