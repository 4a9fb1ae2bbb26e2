package io.petrel.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.petrel.arch.MethodExtents.Extent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The method extent finder on inputs that fool naive brace counting. */
class MethodExtentsTest {

    private static List<String> found(String source) {
        return MethodExtents.of(source).stream().map(e -> e.name() + " " + e.firstLine() + "-" + e.lastLine()).toList();
    }

    @Test
    void measuresMethodsAndConstructorsFromOpeningToClosingBraceLine() {
        String source = """
                package a;

                class A {
                    A() {
                        x();
                    }

                    int f(int x) throws java.io.IOException, IllegalStateException {
                        if (x > 0) {
                            return 1;
                        }
                        return 2;
                    }

                    void g() { }
                }
                """;
        assertThat(found(source)).containsExactly("A 4-6", "f 8-13", "g 15-15");
        assertThat(MethodExtents.of(source).get(1).lines()).isEqualTo(6);
    }

    @Test
    void bracesInStringsCharactersCommentsAndTextBlocksAreNotBraces() {
        String source = """
                class A {
                    String f() {
                        String s = "}}} \\" { // not a comment";
                        char c = '}';
                        char q = '\\'';
                        char d = '"';
                        // }
                        /* } { */
                        String t = \"""
                            } \\\""" {
                            \""";
                        return s + "/* not a comment either";
                    }

                    void g() {
                    }
                }
                """;
        assertThat(found(source)).containsExactly("f 2-13", "g 15-16");
    }

    @Test
    void nestedLocalAndAnonymousClassesAndLambdasInsideAMethodCountAsTheMethod() {
        String source = """
                class A {
                    void f() {
                        Runnable r = () -> {
                        };
                        Object o = new Object() {
                            @Override
                            public String toString() {
                                return "";
                            }
                        };
                        record Local(int x) {
                        }
                    }

                    static class Inner {
                        Inner() {
                        }
                    }
                }
                """;
        assertThat(found(source)).containsExactly("f 2-13", "Inner 16-17");
    }

    @Test
    void fieldInitialisersLambdasAndAnonymousClassesAreMeasuredArraysAndSwitchesNot() {
        String source = """
                class A {
                    @SuppressWarnings({"unchecked"})
                    int[] numbers = {1, 2, 3};
                    Runnable r = () -> {
                        run();
                    };
                    Object o = new Object() {
                        int h() {
                            return 1;
                        }
                    };
                    Supplier<Runnable> s = call(x -> {
                        return null;
                    });
                    int k = switch (1) {
                        case 1 -> {
                            yield 2;
                        }
                        default -> 3;
                    };
                }
                """;
        assertThat(found(source)).containsExactly("r (lambda) 4-6", "h 8-10", "s (lambda) 12-14");
    }

    @Test
    void enumsRecordsInitialisersAndAnnotationTypes() {
        String source = """
                enum E {
                    A(1) {
                        @Override
                        int size() {
                            return 2;
                        }
                    },
                    B(2);

                    private final int n;

                    E(int n) {
                        this.n = n;
                    }

                    int size() {
                        return n;
                    }
                }

                record R(int a, @Deprecated int b) implements Comparable<R> {
                    static {
                        init();
                    }

                    {
                    }

                    R {
                        check(a);
                    }

                    public int compareTo(R o) {
                        return 0;
                    }
                }

                @interface Ann {
                    String[] value() default {};
                }

                interface I {
                    void record(String x) throws Exception;

                    default void record(int x) throws Exception {
                    }
                }
                """;
        assertThat(found(source)).containsExactly("size 4-6", "E 12-14", "size 16-18", "{static initialiser} 22-24",
                "{initialiser} 26-27", "R (compact constructor) 29-31", "compareTo 33-35", "record 45-46");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> MethodExtents.of("class A {\n void f() {\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> MethodExtents.of("class A {\n String s = \"open;\n}\n")).hasMessageContaining("never closes");
    }
}
